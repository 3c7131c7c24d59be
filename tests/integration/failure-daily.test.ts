// failure_daily (failed jobs per day, issue and class) equals the count over job after every kind of change:
// a simulated fleet delivered out of order and twice (jobs move from running to failed, or to another outcome,
// across batches), a reclassification that moves failures between classes and issues, jobs deleted, and a
// rebuild. The triggers of migrations 0010 and 0016 keep it; lib/rollups/failure-daily.ts rebuilds it.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { reclassifyProject } from "@/lib/failures/reclassify";
import { createRule } from "@/lib/failures/rule-queries";
import { ingestBatch } from "@/lib/ingest/ingest";
import { rebuildFailureDaily } from "@/lib/rollups/failure-daily";
import { generateFleet } from "@/lib/simulator";
import { createTestProject, openTestDb } from "../helpers/db";

const NOW = Date.UTC(2026, 10, 20, 12);

let handle: DbHandle;
let projectId: string;

type Cell = { day: string; issue_id: string; failure_class: string; failures: number };

const rollup = async () =>
  rowsOf<Cell>(
    await handle.db.execute(sql`select day::text, issue_id::text, failure_class, failures from failure_daily
      where project_id = ${projectId} order by 1, 2, 3`),
  );
/** The raw computation the rollup stands for. */
const raw = async () =>
  rowsOf<Cell>(
    await handle.db.execute(sql`select (ended_at at time zone 'UTC')::date::text as day,
        coalesce(failure_issue_id, '00000000-0000-0000-0000-000000000000')::text as issue_id,
        coalesce(failure_class, '') as failure_class, count(*)::int as failures
      from job where project_id = ${projectId} and status = 'failed' and ended_at is not null
      group by 1, 2, 3 order by 1, 2, 3`),
  );

/** A deterministic shuffle (xorshift), so a failure replays. */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = Math.abs(s) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

beforeAll(async () => {
  handle = await openTestDb();
  projectId = (await createTestProject(handle)).id;
  const events = [...generateFleet({ agents: 4, days: 3, jobsPerDay: 12, seed: 7, now: NOW })];
  // every event once in a shuffled order, then a fifth of them again (duplicates), in batches of 40
  const sent = shuffle([...events, ...events.filter((_, i) => i % 5 === 0)], 17);
  for (let i = 0; i < sent.length; i += 40) {
    await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: sent.slice(i, i + 40) });
  }
});
afterAll(async () => handle.close());

describe("failure_daily", () => {
  it("equals the count over job after a fleet delivered out of order and twice", async () => {
    const expected = await raw();
    // the fleet failed jobs on several days, and none is left without an issue
    expect(new Set(expected.map((c) => c.day)).size).toBeGreaterThanOrEqual(3);
    expect(expected.reduce((n, c) => n + c.failures, 0)).toBeGreaterThan(10);
    expect(expected.some((c) => c.issue_id.startsWith("00000000"))).toBe(false);
    expect(await rollup()).toEqual(expected);
  });

  it("follows a reclassification that moves failures to another class and issue", async () => {
    const before = await raw();
    await createRule({
      db: handle.db,
      projectId,
      body: { name: "everything with an e is infra", failure_class: "infra", message_pattern: "e" },
    });
    const result = await reclassifyProject({ db: handle.db, projectId });
    expect(result.changed).toBeGreaterThan(0);
    const after = await raw();
    expect(after).not.toEqual(before);
    expect(await rollup()).toEqual(after);
  });

  it("follows a failed job moved to another issue alone, and ignores updates of uncounted columns", async () => {
    const before = await rollup();
    // what the projector does for most events: last event, event count; nothing failure_daily counts
    await handle.db.execute(sql`update job set last_event_at = last_event_at + interval '1 second',
        event_count = event_count + 1, updated_at = now() where project_id = ${projectId}`);
    expect(await rollup()).toEqual(before);
    // two failed jobs of one issue moved to another issue of the project, class and day unchanged
    const [target] = rowsOf<{ id: string }>(
      await handle.db.execute(
        sql`select id from failure_issue where project_id = ${projectId} order by id limit 1`,
      ),
    );
    const moved = rowsOf<{ id: string }>(
      await handle.db.execute(sql`update job set failure_issue_id = ${target?.id} where id in (
          select id from job where project_id = ${projectId} and status = 'failed'
            and failure_issue_id <> ${target?.id} order by id limit 2) returning id`),
    );
    expect(moved).toHaveLength(2);
    const after = await raw();
    expect(after).not.toEqual(before);
    expect(await rollup()).toEqual(after);
  });

  it("follows jobs that stop being failures, and deleted jobs", async () => {
    await handle.db.execute(sql`update job set status = 'succeeded'
      where project_id = ${projectId} and status = 'failed' and external_id in (
        select external_id from job where project_id = ${projectId} and status = 'failed' order by external_id limit 3)`);
    await handle.db.execute(sql`delete from job where project_id = ${projectId} and external_id in (
        select external_id from job where project_id = ${projectId} and status = 'failed'
        order by external_id desc limit 4)`);
    expect(await rollup()).toEqual(await raw());
  });

  it("rebuilds to the same rows", async () => {
    const kept = await rollup();
    await handle.db.execute(
      sql`update failure_daily set failures = failures + 5 where project_id = ${projectId}`,
    );
    await rebuildFailureDaily({ db: handle.db, projectId });
    expect(await rollup()).toEqual(kept);
  });
});
