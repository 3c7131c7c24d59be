// Real harness logs (the Claude Code and Codex fixtures, through the importers) exported whole and imported into
// another project: every event and every job's projection comes back equal, content blocks, unicode and all.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { exportEvents } from "@/lib/export/events";
import { importEventsFile } from "@/lib/import/events-file";
import { databaseSender } from "@/lib/import/events-sinks";
import { importFile } from "@/lib/importers";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "../helpers/db";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-export-fixtures-"));
let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sessionFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? sessionFiles(path.join(dir, d.name)) : [path.join(dir, d.name)]))
    .filter((f) => f.endsWith(".jsonl"));

const eventsOf = (projectId: string) =>
  handle.db.execute(sql`
    select id, type, (extract(epoch from time) * 1000000)::bigint::text as t, job_external_id, agent_name,
           seq::text, data::text
    from event where project_id = ${projectId} order by id collate "C"`);

const jobsOf = async (projectId: string): Promise<Record<string, unknown>[]> =>
  (await handle.db.execute(sql`
    select j.external_id, j.status, j.title, j.harness, j.model, j.parent_external_id, j.started_at::text,
           j.ended_at::text, j.failure_class, j.error::text, j.cost_usd::text, j.input_tokens, j.output_tokens,
           j.cache_read_tokens, j.cache_write_tokens, j.event_count, j.unpriced_usage_events,
           (select count(*)::int from transcript_entry t where t.job_id = j.id) as entries,
           (select string_agg(coalesce(t.text, '') || coalesce(t.content::text, ''), '|' order by t.time, t.seq, t.event_id)
              from transcript_entry t where t.job_id = j.id) as transcript
    from job j where j.project_id = ${projectId} order by j.external_id collate "C"`)) as unknown as Record<
    string,
    unknown
  >[];

describe("exporting imported harness logs", () => {
  it("brings every event and job of the Claude Code and Codex fixtures back unchanged", async () => {
    const a = await createTestProject(handle);
    const b = await createTestProject(handle);
    const files = [
      ...sessionFiles(path.join(FIXTURES_DIR, "claude-code")),
      ...sessionFiles(path.join(FIXTURES_DIR, "codex")),
    ];
    let sent = 0;
    for (const f of files) {
      const { events } = importFile(fs.readFileSync(f, "utf8"), { fileName: path.basename(f) });
      for (let i = 0; i < events.length; i += 1000) {
        const r = await ingestBatch({
          db: handle.db,
          projectId: a.id,
          apiKeyId: null,
          rawEvents: events.slice(i, i + 1000),
          source: "import",
        });
        sent += r.accepted;
      }
    }
    expect(sent).toBeGreaterThan(300);
    const file = path.join(tmp, "fixtures.jsonl.gz");
    const stats = await exportEvents({
      db: handle.db,
      projectId: a.id,
      from: new Date("2000-01-01T00:00:00Z"),
      to: new Date("2100-01-01T00:00:00Z"),
      out: fs.createWriteStream(file),
    });
    expect(stats.events).toBe(sent);
    const r = await importEventsFile(file, databaseSender({ db: handle.db, projectId: b.id }));
    expect(r).toMatchObject({
      lines: sent,
      accepted: sent,
      duplicates: 0,
      skipped: [],
      rejected: [],
      error: null,
    });
    expect(await eventsOf(b.id)).toEqual(await eventsOf(a.id));
    const jobs = await jobsOf(a.id);
    expect(jobs.length).toBeGreaterThan(10);
    expect(await jobsOf(b.id)).toEqual(jobs);
  }, 120_000);
});
