// job_outcome_hourly (lib/rollups/job-outcomes.ts, triggers of migration 0010) against the raw computation over
// job: after a simulated fleet delivered shuffled and twice, after hand-made status and start-hour changes, after a
// rebuild, and through the pages that read it (Overview headline and series, /api/metrics).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { collectMetrics } from "@/lib/metrics/queries";
import { getOverview } from "@/lib/overview/queries";
import { resolveRange } from "@/lib/range/range";
import { rebuildJobOutcomes } from "@/lib/rollups/job-outcomes";
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

type Row = {
  hour: string;
  status: string;
  failure_class: string;
  jobs: number;
  cost: string;
  cost_jobs: number;
  unpriced: number;
};

/** The rollup's rows that count something (a key a job moved away from stays behind with zeros). */
async function rollup(projectId: string) {
  return rowsOf<Row>(
    await handle.db.execute(sql`
      select to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, status, failure_class, jobs,
        cost_usd::numeric(20, 8)::text as cost, cost_jobs, unpriced_jobs as unpriced
      from job_outcome_hourly
      where project_id = ${projectId} and (jobs <> 0 or cost_usd <> 0 or cost_jobs <> 0 or unpriced_jobs <> 0)
      order by 1, 2, 3`),
  );
}

/** The same figures computed from job alone. */
async function raw(projectId: string) {
  return rowsOf<Row>(
    await handle.db.execute(sql`
      select to_char(sort_at at time zone 'UTC', 'YYYY-MM-DD HH24') as hour, status,
        coalesce(failure_class, '') as failure_class, count(*)::int as jobs,
        coalesce(sum(cost_usd), 0)::numeric(20, 8)::text as cost, count(cost_usd)::int as cost_jobs,
        (count(*) filter (where unpriced_usage_events > 0))::int as unpriced
      from job where project_id = ${projectId}
      group by 1, 2, 3 order by 1, 2, 3`),
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

describe("job_outcome_hourly", () => {
  it("equals the raw count over job after a fleet delivered shuffled and then partly again", async () => {
    const { id: projectId } = await createTestProject(handle);
    const events = [...generateFleet({ agents: 6, days: 2, jobsPerDay: 50, seed: 11, now: NOW.getTime() })];
    // shuffled: a job's job.failed or job.usage often lands before its job.started (status and start hour move)
    await send(projectId, shuffled(events, 1));
    // a third of them again, in another order: duplicates change nothing
    await send(projectId, shuffled(events, 2).slice(0, Math.floor(events.length / 3)));
    const expected = await raw(projectId);
    // the fleet has jobs in every outcome and more than a day of hours
    expect(new Set(expected.map((r) => r.status))).toEqual(
      new Set(["succeeded", "failed", "cancelled", "running"]),
    );
    expect(new Set(expected.map((r) => r.hour)).size).toBeGreaterThan(24);
    expect(await rollup(projectId)).toEqual(expected);

    // Pages: an Overview range off the hour (its edges read from job) gives the raw figures.
    const range = resolveRange(
      { range: "custom", from: "2026-03-09T03:17:00Z", to: "2026-03-10T09:41:30Z" },
      NOW,
    );
    const o = await getOverview({ db: handle.db, projectId, range, now: NOW });
    const [inRange] = rowsOf<{
      jobs: number;
      succeeded: number;
      failed: number;
      agents: number;
      cost: string | null;
    }>(
      await handle.db.execute(sql`
        select count(*)::int as jobs, (count(*) filter (where status = 'succeeded'))::int as succeeded,
          (count(*) filter (where status = 'failed'))::int as failed, count(distinct agent_name)::int as agents,
          sum(cost_usd)::text as cost
        from job where project_id = ${projectId} and sort_at >= ${range.from.toISOString()}::timestamptz
          and sort_at < ${range.to.toISOString()}::timestamptz`),
    );
    expect(inRange?.jobs).toBeGreaterThan(50);
    expect(o.headline.jobs.current).toBe(inRange?.jobs);
    expect(o.headline.active_agents.current).toBe(inRange?.agents);
    const succeeded = inRange?.succeeded ?? 0;
    expect(o.headline.success_rate.current).toBeCloseTo(succeeded / (succeeded + (inRange?.failed ?? 0)), 12);
    expect(o.headline.cost_per_success_usd.current).toBeCloseTo(Number(inRange?.cost) / succeeded, 9);
    // the job series (hour buckets: 30 h 24 m is more than a day but under two) sums to the same jobs
    expect(o.range.bucket).toBe("hour");
    const seriesJobs = o.series.jobs.reduce(
      (n, b) => n + b.succeeded + b.failed + b.cancelled + b.unfinished,
      0,
    );
    expect(seriesJobs).toBe(inRange?.jobs);
    const [firstBucket] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from job where project_id = ${projectId}
        and sort_at >= ${range.from.toISOString()}::timestamptz and sort_at < '2026-03-09T04:00:00Z'`),
    );
    const b0 = o.series.jobs.find((b) => b.bucket === "2026-03-09T03:00:00Z");
    // the partial first hour (03:17 to 04:00) holds only its own jobs, not the whole 03:00 hour of the rollup
    expect((b0?.succeeded ?? 0) + (b0?.failed ?? 0) + (b0?.cancelled ?? 0) + (b0?.unfinished ?? 0)).toBe(
      firstBucket?.n,
    );

    // /api/metrics: all-time counts by status and failure class from the rollup equal job's
    const metrics = await collectMetrics({ db: handle.db, projectId, now: NOW });
    const finished = metrics.find((f) => f.name === "fleetwatch_jobs_finished_total");
    const byStatus = (s: string) => expected.filter((r) => r.status === s).reduce((n, r) => n + r.jobs, 0);
    for (const s of ["succeeded", "failed", "cancelled"]) {
      expect(finished?.samples.find((x) => x.labels.status === s)?.value).toBe(byStatus(s));
    }
    const failures = metrics.find((f) => f.name === "fleetwatch_job_failures");
    const total = failures?.samples.reduce((n, x) => n + x.value, 0);
    expect(total).toBe(byStatus("failed"));
  });

  it("moves a job's count when its status, start hour, class or cost changes, and rebuilds to the same rows", async () => {
    const { id: projectId } = await createTestProject(handle);
    const ev = (id: string, type: string, time: string, data: object, agent?: string) => ({
      id,
      type,
      time,
      job: "j1",
      ...(agent ? { agent } : {}),
      data,
    });
    // 1. job.failed arrives first (10:59): the job is known only by it, so it started (sort_at) at 10:59
    await send(projectId, [
      ev("f", "job.failed", "2026-03-10T10:59:00Z", { error: { message: "429 rate limited" } }),
    ]);
    expect((await rollup(projectId)).map((r) => [r.hour, r.status, r.failure_class, r.jobs])).toEqual([
      ["2026-03-10 10", "failed", "rate_limit", 1],
    ]);
    // 2. its job.started (09:30) and a priced usage arrive late: the job moves to the 09 hour with its cost;
    // the 10 hour counts nothing any more. Cost: reported 0.25 USD.
    await send(projectId, [
      ev("s", "job.started", "2026-03-10T09:30:00Z", { harness: "claude-code", model: "m" }, "scout"),
      ev("u", "job.usage", "2026-03-10T09:40:00Z", {
        model: "m",
        input_tokens: 10,
        output_tokens: 5,
        cost_usd: 0.25,
      }),
      ev("s", "job.started", "2026-03-10T09:30:00Z", { harness: "claude-code", model: "m" }, "scout"),
    ]);
    expect(await rollup(projectId)).toEqual([
      {
        hour: "2026-03-10 09",
        status: "failed",
        failure_class: "rate_limit",
        jobs: 1,
        cost: "0.25000000",
        cost_jobs: 1,
        unpriced: 0,
      },
    ]);
    expect(await rollup(projectId)).toEqual(await raw(projectId));
    // 3. a second job runs in the same hour, then succeeds: running is counted, then moved to succeeded
    const j2 = (id: string, type: string, time: string, data: object) => ({
      id,
      type,
      time,
      job: "j2",
      agent: "scout",
      data,
    });
    await send(projectId, [j2("s2", "job.started", "2026-03-10T09:05:00Z", { harness: "claude-code" })]);
    expect((await rollup(projectId)).map((r) => [r.status, r.jobs])).toEqual([
      ["failed", 1],
      ["running", 1],
    ]);
    await send(projectId, [j2("c2", "job.completed", "2026-03-10T09:50:00Z", {})]);
    expect((await rollup(projectId)).map((r) => [r.status, r.jobs])).toEqual([
      ["failed", 1],
      ["succeeded", 1],
    ]);
    // 4. a hand correction of job (re-classification) is followed too
    await handle.db.execute(
      sql`update job set failure_class = 'provider_error' where project_id = ${projectId} and external_id = 'j1'`,
    );
    expect((await rollup(projectId)).map((r) => [r.status, r.failure_class])).toEqual([
      ["failed", "provider_error"],
      ["succeeded", ""],
    ]);
    expect(await rollup(projectId)).toEqual(await raw(projectId));

    // 5. a damaged rollup: the rebuild recomputes it from job
    await handle.db.execute(
      sql`update job_outcome_hourly set jobs = jobs + 5 where project_id = ${projectId}`,
    );
    expect(await rollup(projectId)).not.toEqual(await raw(projectId));
    await rebuildJobOutcomes({ db: handle.db, projectId });
    expect(await rollup(projectId)).toEqual(await raw(projectId));

    // 6. deleting jobs subtracts them
    await handle.db.execute(sql`delete from job where project_id = ${projectId} and external_id = 'j2'`);
    expect((await rollup(projectId)).map((r) => [r.status, r.jobs])).toEqual([["failed", 1]]);
  });
});
