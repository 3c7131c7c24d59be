// Named queries of the Overview page: headline figures against the previous range, and the time series.
// They read rollups (job_outcome_hourly, usage_daily, usage_hourly), failure_issue and ranges of job by index (the
// partial hours at a range's edges, failed jobs by their end, one probe per agent), never the event log.
import { and, eq, gte, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { failureIssue, job, usageHourly } from "@/db/schema";
import { previousSpendWindow, spendWindow, usageInRange } from "@/lib/costs/spend";
import type { Bucket, ResolvedRange } from "@/lib/range/range";
import { activeAgentCounts, outcomeRows } from "@/lib/rollups/job-outcomes";
import { usageSource } from "@/lib/rollups/usage-daily";
import { getAttention } from "./attention";
import type { Overview } from "./schemas";

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The start of a value's bucket (UTC; weeks start on Monday), as an ISO string. */
function bucketOf(column: SQL | typeof job.sortAt, unit: Bucket) {
  return sql<string>`to_char(date_trunc(${sql.raw(`'${unit}'`)}, ${column} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"')`;
}

const num = (v: string | number | null | undefined) => (v == null ? null : Number(v));

/**
 * Jobs started in the range and in the previous one: counts and cost from job_outcome_hourly (exact: partial
 * hours at the edges come from job), distinct agents by index probes (lib/rollups/job-outcomes.ts).
 */
async function headlineJobs(db: DbOrTx, projectId: string, range: ResolvedRange) {
  const current = { from: range.from, to: range.to };
  const previous = range.previous;
  const [rows, agents] = await Promise.all([
    db.execute(sql`
      select w.current, sum(w.jobs)::int as jobs,
        (sum(w.jobs) filter (where w.status = 'succeeded'))::int as succeeded,
        (sum(w.jobs) filter (where w.status = 'failed'))::int as failed,
        (case when sum(w.cost_jobs) > 0 then sum(w.cost_usd) end)::text as cost
      from (
        select true as current, c.* from ${outcomeRows(projectId, current)} c
        union all
        select false, p.* from ${outcomeRows(projectId, previous)} p
      ) w
      group by 1`),
    activeAgentCounts(db, projectId, [current, previous]),
  ]);
  const found = rowsOf<{
    current: boolean;
    jobs: number;
    succeeded: number | null;
    failed: number | null;
    cost: string | null;
  }>(rows);
  const pick = (isCurrent: boolean) => {
    const r = found.find((x) => x.current === isCurrent);
    const succeeded = r?.succeeded ?? 0;
    const finished = succeeded + (r?.failed ?? 0);
    const cost = num(r?.cost);
    return {
      jobs: r?.jobs ?? 0,
      successRate: finished ? succeeded / finished : null,
      costPerSuccess: cost !== null && succeeded ? cost / succeeded : null,
      agents: (isCurrent ? agents[0] : agents[1]) ?? 0,
    };
  };
  return { current: pick(true), previous: pick(false) };
}

/** Spend in range (lib/costs/spend.ts), the Costs page's figure, and the same number of hours before it. */
async function headlineSpend(db: DbOrTx, projectId: string, range: ResolvedRange) {
  // Each window read on its own (usage_daily's days must not straddle the edge between them).
  const windows = [spendWindow(range), previousSpendWindow(range)];
  const [current, previous] = await Promise.all(
    windows.map(async (w) => {
      const [r] = await db
        .select({
          cost: sql<string | null>`sum(${usageHourly.costUsd})::text`,
          unpriced: sql<number>`coalesce(sum(${usageHourly.unpricedEvents}), 0)::int`,
        })
        .from(usageSource([projectId], w))
        .where(
          and(
            eq(usageHourly.projectId, projectId),
            gte(usageHourly.hour, w.from),
            lt(usageHourly.hour, w.to),
          ),
        );
      return r;
    }),
  );
  return { current: num(current?.cost), previous: num(previous?.cost), unpriced: current?.unpriced ?? 0 };
}

async function headlineIssues(db: DbOrTx, projectId: string, range: ResolvedRange) {
  const [r] = await db
    .select({
      open: sql<number>`(count(*) filter (where ${inArray(failureIssue.state, ["new", "ongoing", "regressed"])}))::int`,
      fresh: sql<number>`(count(*) filter (where ${failureIssue.state} = 'new'))::int`,
      regressed: sql<number>`(count(*) filter (where ${failureIssue.state} = 'regressed'))::int`,
      firstCurrent: sql<number>`(count(*) filter (where ${failureIssue.firstSeenAt} >= ${ts(range.from)} and ${failureIssue.firstSeenAt} < ${ts(range.to)}))::int`,
      firstPrevious: sql<number>`(count(*) filter (where ${failureIssue.firstSeenAt} >= ${ts(range.previous.from)} and ${failureIssue.firstSeenAt} < ${ts(range.from)}))::int`,
    })
    .from(failureIssue)
    .where(and(eq(failureIssue.projectId, projectId), isNull(failureIssue.mergedIntoId)));
  return {
    open: r?.open ?? 0,
    new: r?.fresh ?? 0,
    regressed: r?.regressed ?? 0,
    first_seen: { current: r?.firstCurrent ?? 0, previous: r?.firstPrevious ?? 0 },
  };
}

async function seriesOf(db: DbOrTx, projectId: string, range: ResolvedRange): Promise<Overview["series"]> {
  const unit = range.bucket;
  const jobRows = await db.execute(sql`
    select ${bucketOf(sql`o.at`, unit)} as bucket,
      coalesce(sum(o.jobs) filter (where o.status = 'succeeded'), 0)::int as succeeded,
      coalesce(sum(o.jobs) filter (where o.status = 'failed'), 0)::int as failed,
      coalesce(sum(o.jobs) filter (where o.status = 'cancelled'), 0)::int as cancelled,
      coalesce(sum(o.jobs) filter (where o.status in ('queued', 'running')), 0)::int as unfinished
    from ${outcomeRows(projectId, range)} o
    group by 1 having sum(o.jobs) <> 0 order by 1`);
  const jobs = rowsOf<{
    bucket: string;
    succeeded: number;
    failed: number;
    cancelled: number;
    unfinished: number;
  }>(jobRows);
  const spend = await db
    .select({
      bucket: bucketOf(sql`${usageHourly.hour}`, unit),
      model: sql<string>`${usageHourly.model}`,
      cost: sql<string>`sum(${usageHourly.costUsd})::text`,
      unpriced: sql<number>`sum(${usageHourly.unpricedEvents})::int`,
    })
    .from(unit === "hour" ? usageHourly : usageSource([projectId], spendWindow(range)))
    .where(and(eq(usageHourly.projectId, projectId), usageInRange(range)))
    .groupBy(sql`1`, usageHourly.model)
    .orderBy(sql`1`);
  const failures = await db
    .select({
      bucket: bucketOf(sql`${job.endedAt}`, unit),
      cls: sql<string>`coalesce(${job.failureClass}, 'unknown')`,
      n: sql<number>`count(*)::int`,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, projectId),
        eq(job.status, "failed"),
        gte(job.endedAt, range.from),
        lt(job.endedAt, range.to),
      ),
    )
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`1`);
  return {
    jobs,
    spend: spend.map((r) => ({
      bucket: r.bucket,
      model: r.model || "(unknown)",
      cost_usd: Number(r.cost),
      unpriced_events: r.unpriced,
    })),
    failures: failures.map((r) => ({ bucket: r.bucket, failure_class: r.cls, count: r.n })),
  };
}

/** Everything the Overview page shows for a range. */
export async function getOverview({
  db,
  projectId,
  range,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  range: ResolvedRange;
  now?: Date;
}): Promise<Overview> {
  const [jobs, spend, issues, series, attention] = await Promise.all([
    headlineJobs(db, projectId, range),
    headlineSpend(db, projectId, range),
    headlineIssues(db, projectId, range),
    seriesOf(db, projectId, range),
    getAttention({ db, projectId, now }),
  ]);
  const pair = <T>(pick: (x: typeof jobs.current) => T) => ({
    current: pick(jobs.current),
    previous: pick(jobs.previous),
  });
  return {
    range: {
      kind: range.kind,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      previous_from: range.previous.from.toISOString(),
      previous_to: range.previous.to.toISOString(),
      bucket: range.bucket,
    },
    headline: {
      jobs: pair((x) => x.jobs),
      success_rate: pair((x) => x.successRate),
      spend_usd: { current: spend.current, previous: spend.previous },
      cost_per_success_usd: pair((x) => x.costPerSuccess),
      active_agents: pair((x) => x.agents),
      unpriced_events: spend.unpriced,
      issues,
    },
    series,
    attention,
  };
}
