// "Spend in range", defined once. Every page that shows a spend figure for a range (Overview, Costs, Agents,
// Standups, budgets) reads it through these fragments, so the same range gives the same dollars everywhere.
//
// A usage event's cost is the runner's reported cost_usd when it sent one, else the price table's computed cost
// (lib/costs/pricing.ts); usage with neither is unpriced: counted and flagged, never $0 in disguise.
//
// Two figures exist, and every place that shows one says which (the words are in lib/costs/definitions.ts):
// - Spend in range (SPEND_IN_RANGE): the cost of the usage reported in the range. Usage is rolled up per UTC hour
//   (usage_hourly) and pages never read raw events, so a range is read as the UTC hours it touches: from the
//   start of the hour containing `from` up to `to`. A range starting at 10:30 counts the 10:00 hour whole, rather
//   than losing up to an hour of usage (a "last hour" range at 10:05 would otherwise hold five minutes).
// - Spend of jobs started in the range (JOBS_SPEND): each job's whole cost (job.cost_usd, all its usage, even the
//   part outside the range), over the jobs that started in the range. Outcome figures (cost per successful job,
//   wasted spend, cost per job of a model) need whole jobs, so they use it; it differs from spend in range by the
//   usage of jobs that straddle the range's edges.
import { and, gte, lt, type SQL, sql } from "drizzle-orm";
import { job, usageHourly } from "@/db/schema";

export type SpanLike = { from: Date; to: Date };

const HOUR = 3_600_000;
/** The start of the UTC hour containing `t`. */
export const hourFloor = (t: Date) => new Date(Math.floor(t.getTime() / HOUR) * HOUR);

/** The hours of usage_hourly a range covers: [start of the hour containing from, to). */
export function spendWindow(range: SpanLike): SpanLike {
  return { from: hourFloor(range.from), to: range.to };
}

/**
 * The window of the range just before `range` (for "vs previous" figures): the same number of hours, ending where
 * the current window starts, so no hour is counted in both.
 */
export function previousSpendWindow(range: SpanLike & { previous: SpanLike }): SpanLike {
  return { from: hourFloor(range.previous.from), to: hourFloor(range.from) };
}

/** usage_hourly rows in the spend window of `range` (see SPEND_IN_RANGE). */
export function usageInRange(range: SpanLike): SQL {
  const w = spendWindow(range);
  return and(gte(usageHourly.hour, w.from), lt(usageHourly.hour, w.to)) as SQL;
}

/** Spend of the selected usage_hourly rows, in dollars (0 when none). */
export const usageSpend = sql<number>`coalesce(sum(${usageHourly.costUsd}), 0)::float8`;

/** Jobs started in the range (sort_at: the start, else the first event), for JOBS_SPEND figures. */
export function jobsStartedIn(range: SpanLike): SQL {
  return and(gte(job.sortAt, range.from), lt(job.sortAt, range.to)) as SQL;
}

/** Whole cost of the selected jobs, in dollars (0 when none; an unpriced job adds nothing and is flagged). */
export const jobsSpend = sql<number>`coalesce(sum(coalesce(${job.costUsd}, 0)), 0)::float8`;
