// job_label_key_hourly (lib/rollups/label-keys.ts) against the raw computation over job: after a simulated fleet
// delivered shuffled and partly twice, after a job's start hour and labels change, after a delete and a rebuild;
// and the Models page's label-key facet over a range that starts and ends off the hour.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { getModelFacets } from "@/lib/models/queries";
import { resolveRange } from "@/lib/range/range";
import { rebuildLabelKeys } from "@/lib/rollups/label-keys";
import { generateFleet } from "@/lib/simulator";
import { createTestProject, openTestDb } from "../helpers/db";

const NOW = new Date("2026-03-10T12:20:00Z");

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

type Row = { hour: string; key: string; jobs: number };

/** The rollup's rows that count something (a key a job moved away from stays behind with 0). */
async function rollup(projectId: string) {
  return rowsOf<Row>(
    await handle.db.execute(sql`
      select to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, key, jobs from job_label_key_hourly
      where project_id = ${projectId} and jobs <> 0 order by 1, 2`),
  );
}

/** The same counts from job alone. */
async function raw(projectId: string) {
  return rowsOf<Row>(
    await handle.db.execute(sql`
      select to_char(sort_at at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, k as key, count(*)::int as jobs
      from job, jsonb_object_keys(labels) k
      where project_id = ${projectId} and jsonb_typeof(labels) = 'object'
      group by 1, 2 order by 1, 2`),
  );
}

/** A deterministic shuffle (mulberry32), so a failure replays. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

async function send(projectId: string, events: object[], batch = 200) {
  for (let i = 0; i < events.length; i += batch) {
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: events.slice(i, i + batch),
      now: NOW,
    });
  }
}

const started = (job: string, time: string, labels: unknown) => ({
  id: `${job}-s`,
  type: "job.started",
  time,
  job,
  agent: "scout",
  data: { harness: "claude-code", model: "m", labels },
});

describe("job_label_key_hourly", () => {
  it("equals the raw keys per hour after shuffled and repeated delivery, edits, deletes and a rebuild", async () => {
    const { id: projectId } = await createTestProject(handle);
    const events = [...generateFleet({ agents: 6, days: 2, jobsPerDay: 50, seed: 5, now: NOW.getTime() })];
    // shuffled: a job's job.failed or job.usage often lands before its job.started (its start hour moves)
    await send(projectId, shuffled(events, 3));
    // a third again, in another order: duplicates change nothing
    await send(projectId, shuffled(events, 4).slice(0, Math.floor(events.length / 3)));
    const expected = await raw(projectId);
    // the simulator labels every job (role, lang; retries also attempt, retry_of) over more than a day of hours
    expect(new Set(expected.map((r) => r.key))).toEqual(new Set(["attempt", "lang", "retry_of", "role"]));
    expect(new Set(expected.map((r) => r.hour)).size).toBeGreaterThan(24);
    expect(await rollup(projectId)).toEqual(expected);

    // a job known first by its end (11:10), then its start (09:30) with object labels: it moves hour
    await send(projectId, [
      { id: "x-e", type: "job.completed", time: "2026-03-10T11:10:00Z", job: "x", data: {} },
    ]);
    await send(projectId, [started("x", "2026-03-10T09:30:00Z", { solo: "1", role: "r" })]);
    // array labels have no keys
    await send(projectId, [started("y", "2026-03-10T09:40:00Z", ["a", "b"])]);
    const solo = (await rollup(projectId)).filter((r) => r.key === "solo");
    expect(solo).toEqual([{ hour: "2026-03-10 09", key: "solo", jobs: 1 }]);
    expect(await rollup(projectId)).toEqual(await raw(projectId));
    // a hand edit of a job's labels and start is followed too (update trigger: old keys out, new keys in)
    await handle.db.execute(sql`update job set labels = '{"moved": "yes"}'::jsonb, started_at = '2026-03-10T03:05:00Z'
      where project_id = ${projectId} and external_id = 'x'`);
    expect((await rollup(projectId)).filter((r) => r.key === "solo" || r.key === "moved")).toEqual([
      { hour: "2026-03-10 03", key: "moved", jobs: 1 },
    ]);
    expect(await rollup(projectId)).toEqual(await raw(projectId));
    // deleting jobs subtracts their keys
    await handle.db.execute(
      sql`delete from job where project_id = ${projectId} and external_id in ('x', 'y')`,
    );
    expect(await rollup(projectId)).toEqual(expected);
    // a damaged rollup: the rebuild recomputes it from job
    await handle.db.execute(
      sql`update job_label_key_hourly set jobs = jobs + 3 where project_id = ${projectId}`,
    );
    await handle.db.execute(
      sql`insert into job_label_key_hourly values (${projectId}, '2026-03-01', 'ghost', 2)`,
    );
    expect(await rollup(projectId)).not.toEqual(expected);
    await rebuildLabelKeys({ db: handle.db, projectId });
    expect(await rollup(projectId)).toEqual(expected);
  });

  it("lists the keys of the jobs started in a range off the hour: edges from job, whole hours from the rollup", async () => {
    const { id: projectId } = await createTestProject(handle);
    // range 2026-03-09 08:20 .. 2026-03-10 10:45
    await send(projectId, [
      started("before", "2026-03-09T08:10:00Z", { before_from: "1" }), // the from hour, before from: out
      started("first", "2026-03-09T08:25:00Z", { first_edge: "1" }), // the from hour, after from: in
      started("mid", "2026-03-09T20:00:00Z", { whole: "1", zz: "2" }), // a whole hour: in (from the rollup)
      started("last", "2026-03-10T10:44:59Z", { last_edge: "1" }), // the to hour, before to: in
      started("after", "2026-03-10T10:45:00Z", { after_to: "1" }), // at to (exclusive): out
      started("arr", "2026-03-09T21:00:00Z", ["not_a_key"]), // an array: no keys
    ]);
    const range = resolveRange(
      { range: "custom", from: "2026-03-09T08:20:00Z", to: "2026-03-10T10:45:00Z" },
      NOW,
    );
    const facets = await getModelFacets({ db: handle.db, projectId, range });
    expect(facets.label_keys).toEqual(["first_edge", "last_edge", "whole", "zz"]);
    // within one hour: all from job
    const short = resolveRange(
      { range: "custom", from: "2026-03-09T08:05:00Z", to: "2026-03-09T08:20:00Z" },
      NOW,
    );
    expect((await getModelFacets({ db: handle.db, projectId, range: short })).label_keys).toEqual([
      "before_from",
    ]);
    // the same as the raw distinct keys over job for the first range
    const rawKeys = rowsOf<{ k: string }>(
      await handle.db.execute(sql`select distinct jsonb_object_keys(labels) as k from job
        where project_id = ${projectId} and jsonb_typeof(labels) = 'object'
          and sort_at >= '2026-03-09T08:20:00Z' and sort_at < '2026-03-10T10:45:00Z' order by 1`),
    ).map((r) => r.k);
    expect(facets.label_keys).toEqual(rawKeys);
  });
});
