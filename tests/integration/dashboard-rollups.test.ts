// The dashboard rollups of migration 0010 against the raw computation: job_outcome_hourly (lib/rollups/job-outcomes.ts)
// against job, usage_daily (lib/rollups/usage-daily.ts) against usage_hourly; after a simulated fleet delivered
// shuffled and twice, after hand-made status, start-hour and cost changes, after a rebuild, and through the pages
// that read them (Overview, Costs, budgets, /api/metrics) on ranges that start and end off the hour and the day.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { createBudget, listBudgetStatuses } from "@/lib/costs/budgets";
import { costsReport } from "@/lib/costs/queries";
import { ingestBatch } from "@/lib/ingest/ingest";
import { hasJobs } from "@/lib/jobs/queries";
import { collectMetrics } from "@/lib/metrics/queries";
import { getOverview } from "@/lib/overview/queries";
import { resolveRange } from "@/lib/range/range";
import { rebuildJobOutcomes } from "@/lib/rollups/job-outcomes";
import { rebuildUsageDaily } from "@/lib/rollups/usage-daily";
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

describe("dashboard rollups", () => {
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

  it("counts a range that ends now from the current hour's rollup, less the jobs dated after now", async () => {
    const { id: projectId } = await createTestProject(handle);
    const now = new Date();
    const min = 60_000;
    // started 26 h, 23 h, 90 min and 1 min ago (the last one in the current hour, or the one before when the hour
    // is a minute old), and two dated a few minutes ahead (a runner's clock ahead of ours): in the current hour's
    // rollup row, or the next one's, but not in a range that ends now
    const starts = [-26 * 60, -23 * 60, -90, -1, 2, 3].map((m) => new Date(now.getTime() + m * min));
    for (const [i, t] of starts.entries()) {
      await handle.db.execute(sql`insert into job (project_id, external_id, status, started_at, ended_at,
          first_event_at, last_event_at, cost_usd)
        values (${projectId}, ${`now-${i}`}, ${i % 2 ? "failed" : "succeeded"}, ${t.toISOString()}::timestamptz,
          ${t.toISOString()}::timestamptz, ${t.toISOString()}::timestamptz, ${t.toISOString()}::timestamptz, 1.5)`);
    }
    const range = resolveRange({ range: "24h" }, now);
    const o = await getOverview({ db: handle.db, projectId, range, now });
    // in [now - 24 h, now): 23 h, 90 min and 1 min ago; succeeded at index 2, failed at 1 and 3
    expect(o.headline.jobs.current).toBe(3);
    expect(o.headline.success_rate.current).toBeCloseTo(1 / 3, 12);
    // all-in cost per success: the three jobs cost 1.5 each, one succeeded
    expect(o.headline.cost_per_success_usd.current).toBeCloseTo(4.5, 9);
    const seriesJobs = o.series.jobs.reduce(
      (n, b) => n + b.succeeded + b.failed + b.cancelled + b.unfinished,
      0,
    );
    expect(seriesJobs).toBe(3);
    // no bucket holds a negative count (the jobs ahead cancel within their own hour)
    for (const b of o.series.jobs) expect(Math.min(b.succeeded, b.failed, b.cancelled, b.unfinished)).toBe(0);
  });

  it("usage_daily equals usage_hourly per UTC day, and Costs, budgets and Overview spend equal usage_hourly's", async () => {
    const { id: projectId, slug } = await createTestProject(handle);
    const events = [...generateFleet({ agents: 4, days: 3, jobsPerDay: 30, seed: 5, now: NOW.getTime() })];
    await send(projectId, shuffled(events, 3));
    await send(projectId, shuffled(events, 4).slice(0, 200));
    const daily = async () =>
      rowsOf<Record<string, string>>(
        await handle.db.execute(sql`
          select to_char(day at time zone 'UTC', 'YYYY-MM-DD') as day, agent_name, model, harness,
            input_tokens::text as i, output_tokens::text as o, cache_read_tokens::text as cr,
            cache_write_tokens::text as cw, cost_usd::numeric(20, 8)::text as c,
            reported_cost_usd::numeric(20, 8)::text as rc, computed_cost_usd::numeric(20, 8)::text as cc,
            usage_events::text as n, unpriced_events::text as u
          from usage_daily where project_id = ${projectId} and usage_events <> 0 order by 1, 2, 3, 4`),
      );
    const fromHourly = async () =>
      rowsOf<Record<string, string>>(
        await handle.db.execute(sql`
          select to_char(date_trunc('day', hour, 'UTC') at time zone 'UTC', 'YYYY-MM-DD') as day, agent_name, model,
            harness, sum(input_tokens)::text as i, sum(output_tokens)::text as o, sum(cache_read_tokens)::text as cr,
            sum(cache_write_tokens)::text as cw, sum(cost_usd)::numeric(20, 8)::text as c,
            sum(reported_cost_usd)::numeric(20, 8)::text as rc, sum(computed_cost_usd)::numeric(20, 8)::text as cc,
            sum(usage_events)::text as n, sum(unpriced_events)::text as u
          from usage_hourly where project_id = ${projectId} group by 1, 2, 3, 4 having sum(usage_events) <> 0
          order by 1, 2, 3, 4`),
      );
    const expected = await fromHourly();
    expect(new Set(expected.map((r) => r.day)).size).toBeGreaterThanOrEqual(3);
    expect(await daily()).toEqual(expected);

    // Spend over hours [from, to) summed from usage_hourly alone: what every page must show.
    const rawSpend = async (from: string, to: string) => {
      const [r] = rowsOf<{ cost: number; events: number }>(
        await handle.db.execute(sql`select coalesce(sum(cost_usd), 0)::float8 as cost,
          coalesce(sum(usage_events), 0)::int as events from usage_hourly where project_id = ${projectId}
          and hour >= date_trunc('hour', ${from}::timestamptz) and hour < ${to}::timestamptz`),
      );
      return r as { cost: number; events: number };
    };
    // 2 days 14 h off the day and the hour at both ends: day buckets, two whole days from usage_daily
    const range = resolveRange(
      { range: "custom", from: "2026-03-07T19:25:00Z", to: "2026-03-10T09:41:00Z" },
      NOW,
    );
    expect(range.bucket).toBe("day");
    const raw7 = await rawSpend("2026-03-07T19:25:00Z", "2026-03-10T09:41:00Z");
    expect(raw7.events).toBeGreaterThan(100);
    const report = await costsReport({
      db: handle.db,
      projects: [{ id: projectId, slug }],
      range,
      groupBy: "agent",
      now: NOW,
    });
    expect(report.totals.cost_usd).toBeCloseTo(raw7.cost, 8);
    expect(report.totals.usage_events).toBe(raw7.events);
    // the first day bucket holds 19:00 to midnight of the 7th only
    const first = await rawSpend("2026-03-07T19:25:00Z", "2026-03-08T00:00:00Z");
    const firstBucket = report.series
      .flatMap((s) => s.points)
      .filter((p) => p.bucket === "2026-03-07T00:00:00Z");
    expect(firstBucket.reduce((n, p) => n + p.usage_events, 0)).toBe(first.events);
    // month to date: from March 1st (UTC) to NOW
    const mtd = await rawSpend("2026-03-01T00:00:00Z", NOW.toISOString());
    expect(report.month_to_date.cost_usd).toBeCloseTo(mtd.cost, 8);
    // Overview: spend in range and in the previous range of the same length, from two separate windows
    const o = await getOverview({ db: handle.db, projectId, range, now: NOW });
    expect(o.headline.spend_usd.current).toBeCloseTo(raw7.cost, 8);
    const prev = await rawSpend(range.previous.from.toISOString(), "2026-03-07T19:00:00Z");
    expect(o.headline.spend_usd.previous ?? 0).toBeCloseTo(prev.cost, 8);
    expect(o.series.spend.reduce((n, p) => n + p.cost_usd, 0)).toBeCloseTo(raw7.cost, 8);
    // a monthly project budget: spent = month to date; a daily one: the UTC day of NOW
    await createBudget({
      db: handle.db,
      projectId,
      input: { scope: "project", period: "monthly", amountUsd: 1000 },
    });
    await createBudget({
      db: handle.db,
      projectId,
      input: { scope: "project", period: "daily", amountUsd: 1000 },
    });
    const budgets = await listBudgetStatuses({ db: handle.db, projectId, now: NOW });
    expect(budgets.find((b) => b.period === "monthly")?.spentUsd).toBeCloseTo(mtd.cost, 8);
    const today = await rawSpend("2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z");
    expect(budgets.find((b) => b.period === "daily")?.spentUsd).toBeCloseTo(today.cost, 8);
    // /api/metrics: all-time spend per model from usage_daily
    const metrics = await collectMetrics({ db: handle.db, projectId, now: NOW });
    const spend = metrics.find((f) => f.name === "fleetwatch_spend_usd_total");
    const all = await rawSpend("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
    expect(spend?.samples.reduce((n, x) => n + x.value, 0)).toBeCloseTo(all.cost, 8);

    // a damaged usage_daily: the rebuild recomputes it from usage_hourly
    await handle.db.execute(
      sql`update usage_daily set cost_usd = cost_usd + 1 where project_id = ${projectId}`,
    );
    expect(await daily()).not.toEqual(expected);
    await rebuildUsageDaily({ db: handle.db, projectId });
    expect(await daily()).toEqual(expected);
    // a write to usage_hourly by hand (as re-pricing does) is followed
    await handle.db.execute(
      sql`update usage_hourly set cost_usd = cost_usd * 2 where project_id = ${projectId}`,
    );
    expect(await daily()).toEqual(await fromHourly());
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
    expect(await hasJobs({ db: handle.db, projectId })).toBe(false);
    // 1. job.failed arrives first (10:59): the job is known only by it, so it started (sort_at) at 10:59
    await send(projectId, [
      ev("f", "job.failed", "2026-03-10T10:59:00Z", { error: { message: "429 rate limited" } }),
    ]);
    expect((await rollup(projectId)).map((r) => [r.hour, r.status, r.failure_class, r.jobs])).toEqual([
      ["2026-03-10 10", "failed", "rate_limit", 1],
    ]);
    expect(await hasJobs({ db: handle.db, projectId })).toBe(true);
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
