// The aggregate columns every model/harness figure is made of, and the row -> figures conversion.
// Server-only (SQL fragments); the figures themselves follow lib/models/schemas.ts.
import { and, eq, type SQL, sql } from "drizzle-orm";
import { job } from "@/db/schema";
import { jobsStartedIn } from "@/lib/costs/spend";
import type { ResolvedRange } from "@/lib/range/range";
import type { Figures } from "./schemas";
import { percentileCont, safeRatio, wilson } from "./stats";

const finished = sql`${job.status} in ('succeeded', 'failed')`;

/** Aggregates of a group of jobs (use in a select with a group by). */
export const figureColumns = {
  jobs: sql<number>`count(*)::int`,
  succeeded: sql<number>`(count(*) filter (where ${job.status} = 'succeeded'))::int`,
  failed: sql<number>`(count(*) filter (where ${job.status} = 'failed'))::int`,
  cancelled: sql<number>`(count(*) filter (where ${job.status} = 'cancelled'))::int`,
  // The finished jobs' durations (as float8, the type percentile_cont computes in), for the exact percentiles
  // (percentileCont in ./stats): unlike percentile_cont, array_agg lets PostgreSQL group by hashing, in parallel,
  // instead of sorting every job of the range by model and harness and then each group again by duration.
  durations: sql<
    number[] | null
  >`array_agg(${job.durationMs}::float8) filter (where ${finished} and ${job.durationMs} is not null)`,
  spend: sql<string | null>`sum(${job.costUsd})::text`,
  unpriced: sql<number>`(count(*) filter (where ${job.unpricedUsageEvents} > 0))::int`,
  meanScore: sql<string | null>`avg(${job.score})::text`,
  scored: sql<number>`count(${job.score})::int`,
};

export type FigureRow = {
  jobs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  durations: number[] | null;
  spend: string | null;
  unpriced: number;
  meanScore: string | null;
  scored: number;
};

/**
 * Jobs of the project started in the range (the rows every figure is about): spend here is the whole cost of
 * those jobs (JOBS_SPEND in lib/costs/spend.ts), as in the Costs page's outcome tables.
 */
export function inRange(projectId: string, range: Pick<ResolvedRange, "from" | "to">): SQL {
  return and(eq(job.projectId, projectId), jobsStartedIn(range)) as SQL;
}

const num = (v: string | number | null) => (v == null ? null : Number(v));

export function toFigures(r: FigureRow, classes: { failure_class: string; count: number }[] = []): Figures {
  const fin = r.succeeded + r.failed;
  const spend = num(r.spend);
  const durations = Float64Array.from(r.durations ?? []).sort();
  return {
    jobs: r.jobs,
    finished: fin,
    succeeded: r.succeeded,
    failed: r.failed,
    cancelled: r.cancelled,
    unfinished: r.jobs - fin - r.cancelled,
    success_rate: fin > 0 ? r.succeeded / fin : null,
    success_ci: wilson(r.succeeded, fin),
    duration_p50_ms: percentileCont(durations, 0.5),
    duration_p90_ms: percentileCont(durations, 0.9),
    spend_usd: spend,
    unpriced_jobs: r.unpriced,
    cost_per_job_usd: safeRatio(spend, r.jobs),
    cost_per_success_usd: safeRatio(spend, r.succeeded),
    mean_score: num(r.meanScore),
    scored_jobs: r.scored,
    failure_classes: [...classes].sort(
      (a, b) => b.count - a.count || a.failure_class.localeCompare(b.failure_class),
    ),
  };
}

export const emptyFigureRow: FigureRow = {
  jobs: 0,
  succeeded: 0,
  failed: 0,
  cancelled: 0,
  durations: null,
  spend: null,
  unpriced: 0,
  meanScore: null,
  scored: 0,
};
