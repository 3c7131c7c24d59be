// Migration 0010 on an install that already has events: a database migrated to 0009 gets rows, then 0010 moves
// them into day partitions with their ids, times, queue rows and transcript entries intact.

import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import { type DbHandle, migrateDatabase, migrationsFolder, openDatabase } from "@/db/client";
// @ts-expect-error: plain ESM helper shared with the scripts
import { createDatabase } from "../../scripts/pg-cluster.mjs";

let handle: DbHandle | null = null;
afterAll(async () => {
  await handle?.close();
});

/** A copy of db/migrations holding the migrations up to `last` (journal cut there). */
function migrationsUpTo(last: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fw-migrations-"));
  fs.mkdirSync(path.join(dir, "meta"));
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8"));
  const end = journal.entries.findIndex((e: { tag: string }) => e.tag === last);
  journal.entries = journal.entries.slice(0, end + 1);
  for (const e of journal.entries) {
    fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  }
  fs.writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify(journal));
  return dir;
}

describe("migration 0010 (partitioned events)", () => {
  it("moves existing events, queue rows and transcript entries into day partitions, intact", async () => {
    const url: string = await createDatabase(inject("databaseUrl"), `mig_${randomUUID().slice(0, 8)}`);
    handle = await openDatabase({ url });
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migrate(handle.db as any, { migrationsFolder: migrationsUpTo("0009_schedules") });
    const db = handle.db;
    const [p] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into project (slug, name) values ('old', 'Old') returning id`),
    );
    const projectId = p?.id as string;
    const [j] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into job (project_id, external_id, first_event_at, last_event_at)
        values (${projectId}, 'j1', '2026-01-10T10:00:00Z', '2026-03-02T09:00:00Z') returning id`),
    );
    // three events on two UTC days (one a minute before midnight, one at midnight), one of them still queued
    await db.execute(sql`insert into event (project_id, id, type, time, job_external_id, data) values
      (${projectId}, 'a', 'job.started', '2026-01-10T10:00:00Z', 'j1', '{"harness":"h"}'),
      (${projectId}, 'b', 'job.log', '2026-01-10T23:59:00Z', 'j1', '{"level":"info","message":"b"}'),
      (${projectId}, 'c', 'job.log', '2026-01-11T00:00:00Z', 'j1', '{"level":"info","message":"c"}')`);
    await db.execute(sql`insert into transcript_entry (project_id, job_id, event_id, time, kind, text) values
      (${projectId}, ${j?.id}, 'a', '2026-01-10T10:00:00Z', 'lifecycle', null),
      (${projectId}, ${j?.id}, 'b', '2026-01-10T23:59:00Z', 'log', 'b text')`);
    await db.execute(sql`insert into event_pending (project_id, event_id) values (${projectId}, 'c')`);

    await migrateDatabase(handle);

    const hex = projectId.replaceAll("-", "");
    const placed = rowsOf<{ id: string; time: Date | string; part: string }>(
      await db.execute(sql`select id, time, tableoid::regclass::text as part from event order by id`),
    );
    expect(placed.map((r) => [r.id, new Date(r.time).toISOString(), r.part])).toEqual([
      ["a", "2026-01-10T10:00:00.000Z", `event_p${hex}_20260110`],
      ["b", "2026-01-10T23:59:00.000Z", `event_p${hex}_20260110`],
      ["c", "2026-01-11T00:00:00.000Z", `event_p${hex}_20260111`],
    ]);
    const keys = rowsOf<{ id: string }>(await db.execute(sql`select id from event_key order by id`));
    expect(keys.map((k) => k.id)).toEqual(["a", "b", "c"]);
    const pending = rowsOf<{ event_id: string; event_time: Date | string }>(
      await db.execute(sql`select event_id, event_time from event_pending`),
    );
    expect(pending.map((r) => [r.event_id, new Date(r.event_time).toISOString()])).toEqual([
      ["c", "2026-01-11T00:00:00.000Z"],
    ]);
    const entries = rowsOf<{ event_id: string; text: string | null; part: string }>(
      await db.execute(
        sql`select event_id, text, tableoid::regclass::text as part from transcript_entry order by event_id`,
      ),
    );
    expect(entries).toEqual([
      { event_id: "a", text: null, part: `transcript_entry_p${hex}_20260110` },
      { event_id: "b", text: "b text", part: `transcript_entry_p${hex}_20260110` },
    ]);
    // the text search index exists on the new partition (a GIN per partition)
    const [gin] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from pg_indexes
        where tablename = ${`transcript_entry_p${hex}_20260110`} and indexdef like '%gin%'`),
    );
    expect(gin?.n).toBe(1);
    // and a repeat of a migrated id is still a duplicate (the ledger was filled from the old table)
    const again = rowsOf(
      await db.execute(sql`insert into event_key (project_id, id, time) values (${projectId}, 'a', now())
        on conflict do nothing returning id`),
    );
    expect(again).toEqual([]);
  });
});
