// job_outcome_hourly (db/schema/rollups.ts): jobs per UTC hour of their start x status x failure class, with cost.
// Statement triggers on job keep it (migration 0010); this module rebuilds it (repair, bulk loads) and reads a range
// from it exactly: the whole hours inside the range from the rollup, the partial hours at its edges from the rollup
// and job (an index range of at most two half hours of jobs; none for the current hour), so a page's figures equal
// the raw count over job.sort_at.
import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { job, jobOutcomeHourly } from "@/db/schema";
import { hourFloor } from "@/lib/costs/spend";

const HOUR = 3_600_000;
const ceilHour = (t: Date) => new Date(Math.ceil(t.getTime() / HOUR) * HOUR);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Recomputes one project's job_outcome_hourly from job, in one transaction that holds job against writers (the
 * triggers' deltas would otherwise land between the delete and the insert). For repair and after bulk loads.
 */
export async function rebuildJobOutcomes({ db, projectId }: { db: DbOrTx; projectId: string }) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table job in share mode`);
    await tx.delete(jobOutcomeHourly).where(eq(jobOutcomeHourly.projectId, projectId));
    await tx.execute(sql`
      insert into job_outcome_hourly
        (project_id, hour, status, failure_class, jobs, cost_usd, cost_jobs, unpriced_jobs)
      select project_id, date_trunc('hour', sort_at, 'UTC'), status, coalesce(failure_class, ''), count(*)::int,
        coalesce(sum(cost_usd), 0), count(cost_usd)::int, (count(*) filter (where unpriced_usage_events > 0))::int
      from job where project_id = ${projectId}
      group by 1, 2, 3, 4`);
  });
}

export type OutcomeSpan = { from: Date; to: Date };

/**
 * A subquery of rows (at, status, failure_class, jobs, cost_usd, cost_jobs, unpriced_jobs) covering the jobs of
 * the project started in [from, to): rollup rows for the whole hours (at = the hour); for a partial hour at an
 * edge, either one row per job of the part inside the span (at = its sort_at), or the hour's rollup rows less one
 * negative row per job of the part outside it (at = the hour, so they cancel in any bucket the hour falls in),
 * whichever part is the shorter, or the outside one when it lies in the future: a range that ends now reads the
 * current hour from the rollup, not its jobs. Exact either way (the triggers keep the rollup with job in every
 * transaction, and one statement reads both). Sum its columns grouped as needed; bucket `at` by hour or longer.
 */
export function outcomeRows(projectId: string, span: OutcomeSpan): SQL {
  const inner = { from: ceilHour(span.from), to: hourFloor(span.to) };
  // The jobs started in [from, to): a row each at its start, or, given the hour they fall in, a negative row each
  // at that hour (taken off the hour's rollup rows).
  const jobsIn = (from: Date, to: Date, offHour?: Date) => {
    const k = sql.raw(offHour ? "-1" : "1");
    return sql`
    select ${offHour ? ts(offHour) : job.sortAt} as at, ${job.status} as status,
      coalesce(${job.failureClass}, '') as failure_class, ${k} as jobs,
      ${k} * coalesce(${job.costUsd}, 0)::numeric as cost_usd, ${k} * (${job.costUsd} is not null)::int as cost_jobs,
      ${k} * (${job.unpricedUsageEvents} > 0)::int as unpriced_jobs
    from ${job}
    where ${and(eq(job.projectId, projectId), gte(job.sortAt, from), lt(job.sortAt, to))}`;
  };
  // A range within one hour: all from job.
  if (inner.from > inner.to) return sql`(${jobsIn(span.from, span.to)})`;
  const parts: SQL[] = [];
  const rollup = { from: inner.from, to: inner.to };
  if (span.from < inner.from) {
    const hour = hourFloor(span.from);
    // inside: [from, the next hour); outside: [the hour, from)
    if (span.from.getTime() - hour.getTime() < inner.from.getTime() - span.from.getTime()) {
      rollup.from = hour;
      parts.push(jobsIn(hour, span.from, hour));
    } else parts.push(jobsIn(span.from, inner.from));
  }
  if (inner.to < span.to) {
    const hour = inner.to;
    const next = new Date(hour.getTime() + HOUR);
    // inside: [the hour, to); outside: [to, the next hour), in the future when the range ends now (a minute's
    // slack for the time the caller took since it read the clock)
    const future = span.to.getTime() >= Date.now() - 60_000;
    if (future || next.getTime() - span.to.getTime() < span.to.getTime() - hour.getTime()) {
      rollup.to = next;
      parts.push(jobsIn(span.to, next, hour));
    } else parts.push(jobsIn(hour, span.to));
  }
  if (rollup.from < rollup.to) {
    parts.unshift(sql`select ${jobOutcomeHourly.hour} as at, ${jobOutcomeHourly.status} as status,
      ${jobOutcomeHourly.failureClass} as failure_class, ${jobOutcomeHourly.jobs} as jobs,
      ${jobOutcomeHourly.costUsd} as cost_usd, ${jobOutcomeHourly.costJobs} as cost_jobs,
      ${jobOutcomeHourly.unpricedJobs} as unpriced_jobs
    from ${jobOutcomeHourly}
    where ${jobOutcomeHourly.projectId} = ${projectId} and ${jobOutcomeHourly.hour} >= ${ts(rollup.from)}
      and ${jobOutcomeHourly.hour} < ${ts(rollup.to)}`);
  }
  return sql`(${sql.join(parts, sql` union all `)})`;
}

/** All of a project's jobs by status and failure class, read from the rollup (bounded by hours, not jobs). */
export async function outcomeTotals(db: DbOrTx, projectId: string) {
  return db
    .select({
      status: jobOutcomeHourly.status,
      failureClass: jobOutcomeHourly.failureClass,
      jobs: sql<number>`sum(${jobOutcomeHourly.jobs})::int`,
    })
    .from(jobOutcomeHourly)
    .where(eq(jobOutcomeHourly.projectId, projectId))
    .groupBy(jobOutcomeHourly.status, jobOutcomeHourly.failureClass);
}

/**
 * How many distinct agents started a job in each span (null agent names not counted, as count(distinct) does).
 * A loose index scan of job_project_agent_sort_idx: one probe per agent name to find the next name, one per name
 * and span for "any job in the span": bounded by the project's agents, not its jobs.
 */
export async function activeAgentCounts(
  db: DbOrTx,
  projectId: string,
  spans: OutcomeSpan[],
): Promise<number[]> {
  const pid = sql`${projectId}::uuid`;
  const counts = spans.map(
    (s, i) =>
      sql`(count(*) filter (where exists (select 1 from job j where j.project_id = ${pid} and j.agent_name = names.n and j.sort_at >= ${ts(s.from)} and j.sort_at < ${ts(s.to)})))::int as ${sql.raw(`c${i}`)}`,
  );
  const result = await db.execute(sql`
    with recursive names(n) as (
      (select agent_name from job where project_id = ${pid} and agent_name is not null order by agent_name limit 1)
      union all
      select (select j.agent_name from job j where j.project_id = ${pid} and j.agent_name > names.n
        order by j.agent_name limit 1)
      from names where names.n is not null
    )
    select ${sql.join(counts, sql`, `)} from names where names.n is not null`);
  const [row] = rowsOf<Record<string, number>>(result);
  return spans.map((_, i) => Number(row?.[`c${i}`] ?? 0));
}
