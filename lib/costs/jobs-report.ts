// Outcomes of the jobs started in a range (the Costs page's jobs report): the costliest jobs, and per model and agent
// what a successful job cost and what was wasted. Whole jobs (JOBS_SPEND in lib/costs/spend.ts), read from job's
// covering indexes.
import { and, eq, isNotNull, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { job } from "@/db/schema";
import type { ResolvedRange } from "@/lib/range/range";
import type { CostFilters } from "./queries";
import type { CostJob, CostJobsReport, OutcomeRow } from "./schemas";
import { jobsStartedIn } from "./spend";

// a retry: started by a retry trigger, or naming the job it retries (the protocol's retry_of, or a labels.retry_of
// of older runners, folded into retry_of_external_id): columns of job_project_sort_costs_idx, read from the index
const isRetry = sql<boolean>`(${job.trigger} = 'retry' or ${job.retryOfExternalId} is not null)`;
const cost = sql`coalesce(${job.costUsd}, 0)`;
// The jobs of the range are first folded per (model, agent, status, retry) with their count and whole cost (jobsSpend's
// sum, exact in numeric), then summed per grouping set: the three groupings read a few hundred folded rows, not
// every job three times.
const n = (when?: string) =>
  sql<number>`coalesce(sum(f.n)${when ? sql.raw(` filter (where ${when})`) : sql``}, 0)::int`;
const usd = (when?: string) =>
  sql<number>`coalesce(sum(f.cost)${when ? sql.raw(` filter (where ${when})`) : sql``}, 0)::float8`;
const OUTCOME = {
  jobs: n(),
  succeeded: n("f.status = 'succeeded'"),
  failed: n("f.status = 'failed'"),
  cancelled: n("f.status = 'cancelled'"),
  retries: n("f.retry"),
  cost_usd: usd(),
  succeeded_cost_usd: usd("f.status = 'succeeded'"),
  failed_usd: usd("f.status = 'failed'"),
  cancelled_usd: usd("f.status = 'cancelled'"),
  retry_usd: usd("f.retry and f.status not in ('failed', 'cancelled')"),
};

type OutcomeFigures = { [K in keyof typeof OUTCOME]: number };

function outcome(f: OutcomeFigures): Omit<OutcomeRow, "key"> {
  return {
    ...f,
    cost_per_success_usd: f.succeeded ? f.succeeded_cost_usd / f.succeeded : null,
    all_in_cost_per_success_usd: f.succeeded ? f.cost_usd / f.succeeded : null,
    wasted_usd: f.failed_usd + f.cancelled_usd + f.retry_usd,
  };
}

/**
 * Jobs started in the range (sort_at): the costliest, and per model and agent what a successful job cost and
 * what was wasted (failed and cancelled jobs, and retries: trigger "retry" or a retry_of label).
 */
export async function costJobsReport({
  db,
  projectId,
  range,
  filters = {},
}: {
  db: DbOrTx;
  projectId: string;
  range: Pick<ResolvedRange, "from" | "to">;
  filters?: CostFilters;
}): Promise<CostJobsReport> {
  // whole jobs started in the range (JOBS_SPEND in lib/costs/spend.ts), not spend in range
  const where: SQL[] = [eq(job.projectId, projectId), jobsStartedIn(range)];
  if (filters.agent) where.push(eq(job.agentName, filters.agent));
  if (filters.model) where.push(eq(job.model, filters.model));
  if (filters.harness) where.push(eq(job.harness, filters.harness));
  const [top, grouped] = await Promise.all([
    db
      .select({
        id: job.id,
        external_id: job.externalId,
        title: job.title,
        status: job.status,
        agent: job.agentName,
        model: job.model,
        harness: job.harness,
        trigger: job.trigger,
        retry: isRetry,
        started_at: job.sortAt,
        cost_usd: sql<number>`${job.costUsd}::float8`,
        unpriced_usage_events: job.unpricedUsageEvents,
      })
      .from(job)
      .where(and(...where, isNotNull(job.costUsd)))
      // as job_project_cost_top_idx orders them (nulls last): the costliest of the range by walking that index
      .orderBy(sql`${job.costUsd} desc nulls last`, sql`${job.sortAt} desc nulls last`)
      .limit(10),
    db.execute(sql`select
        -- a bit per column aggregated away: 1 the rows by model, 2 by agent, 3 the total
        grouping(f.model, f.agent_name)::int as set, coalesce(f.model, '') as model,
        coalesce(f.agent_name, '') as agent,
        ${sql.join(
          Object.entries(OUTCOME).map(([k, v]) => sql`${v} as ${sql.identifier(k)}`),
          sql`, `,
        )}
      from (
        select ${job.model} as model, ${job.agentName} as agent_name, ${job.status} as status, ${isRetry} as retry,
          count(*) as n, sum(${cost}) as cost
        from ${job} where ${and(...where)} group by 1, 2, 3, 4
      ) f
      group by grouping sets ((f.model), (f.agent_name), ())`),
  ]);
  const groupedRows = rowsOf<OutcomeFigures & { set: number; model: string; agent: string }>(grouped);
  const rows = (set: number, key: "model" | "agent"): OutcomeRow[] =>
    groupedRows
      .filter((r) => r.set === set)
      .map((r) => ({ key: r[key], ...outcome(r) }))
      .sort((a, b) => b.cost_usd - a.cost_usd || b.jobs - a.jobs || a.key.localeCompare(b.key));
  const total = groupedRows.find((r) => r.set === 3);
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    top_jobs: top.map(
      (t): CostJob => ({
        ...t,
        retry: Boolean(t.retry),
        started_at: t.started_at ? new Date(t.started_at).toISOString() : null,
      }),
    ),
    totals: outcome(total ?? zeroOutcome()),
    by_model: rows(1, "model"),
    by_agent: rows(2, "agent"),
  };
}

function zeroOutcome(): OutcomeFigures {
  return Object.fromEntries(Object.keys(OUTCOME).map((k) => [k, 0])) as OutcomeFigures;
}
