// The migrated schema against the plan for distributing it by project (lib/distribution/tables.ts): every
// violation is a known exception with its reason and fix, and every known exception is still a violation. A fresh
// database then gets a new table and keys the plan forbids, and a fix, to show the check sees each.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { compareWithAllowList, findViolations, violationKey } from "@/lib/distribution/check";
import { KNOWN_EXCEPTIONS } from "@/lib/distribution/tables";
import { openTestDb } from "../helpers/db";
import { openFreshDb } from "../helpers/fresh-db";

const root = path.resolve(import.meta.dirname, "../..");
let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

describe("distribution keys", () => {
  it("finds no violation outside the allow-list, and no allow-list entry that is not a violation", async () => {
    const found = await findViolations(handle.db);
    const { unexpected, stale } = compareWithAllowList(found);
    expect(unexpected).toEqual([]);
    expect(stale).toEqual([]);
    // 18 surrogate primary keys (schedule's among them), 8 foreign keys by id (transcript_entry's to job went
    // with partitioning), incident_event and schedule_slot_alert without project_id, job_usage's and
    // schedule_slot_alert's keys, and two unique keys without project_id (incident_open_uq,
    // notification.dedup_key): 18 + 8 + 2 + 2 + 2 = 32
    expect(found).toHaveLength(32);
    expect(KNOWN_EXCEPTIONS).toHaveLength(32);
    for (const e of KNOWN_EXCEPTIONS) {
      expect(e.reason.length, violationKey(e)).toBeGreaterThan(10);
      expect(e.fix.length, violationKey(e)).toBeGreaterThan(10);
    }
  });

  it("npm run check:distribution passes on the migrated schema and fails on a new table", async () => {
    const fresh = await openFreshDb("distribution_cli");
    const run = () =>
      spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/check-distribution.ts"], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: fresh.url, LOG_LEVEL: "silent" },
        encoding: "utf8",
      });
    try {
      const ok = run();
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toContain("32 violation(s) of the distribution plan: 32 known (allow-listed), 0 new");
      await fresh.handle.db.execute(sql`create table scratch_thing (id uuid primary key)`);
      const bad = run();
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain("NEW    scratch_thing: unclassified scratch_thing");
    } finally {
      await fresh.handle.close();
    }
  });

  it("fails a new table, a key without project_id, a foreign key across projects, and a fixed exception", async () => {
    const fresh = await openFreshDb("distribution");
    try {
      const db = fresh.handle.db;
      await db.execute(sql`create table scratch_thing (id uuid primary key, note text)`);
      await db.execute(sql`create unique index job_title_uq on job (title)`);
      await db.execute(sql`alter table agent add constraint agent_name_only_uq unique (name)`);
      await db.execute(sql`alter table budget add column job_id uuid references job (id)`);
      await db.execute(sql`alter table project add column last_job uuid references job (id)`);
      // the fix the allow-list names for notification's dedup key: the entry is now stale
      await db.execute(sql`alter table notification drop constraint notification_dedup_key_unique`);
      await db.execute(sql`alter table notification add unique (project_id, dedup_key)`);
      const { unexpected, stale } = compareWithAllowList(await findViolations(db));
      expect(unexpected.map(violationKey).sort()).toEqual([
        "agent unique agent_name_only_uq",
        "budget foreign_key budget_job_id_fkey",
        "job unique job_title_uq",
        "project reference_to_distributed project_last_job_fkey",
        "scratch_thing unclassified scratch_thing",
      ]);
      expect(stale.map(violationKey)).toEqual(["notification unique notification_dedup_key_unique"]);
    } finally {
      await fresh.handle.close();
    }
  });
});
