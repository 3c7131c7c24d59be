// Named queries behind the failures page's chart and breakdown: failed jobs per class, narrowed by the same
// filters as the issue list (filter-sql.ts). Every function takes one params object with the project id.
import type { DbOrTx } from "@/db/client";
import type { ResolvedRange } from "@/lib/range/range";
import { rangeFromQuery } from "@/lib/range/resolve";
import { type FailedRow, failedByClass, orderRows, readsDaily } from "./daily";
import type { IssueFilters } from "./filter-sql";
import type { FailureClasses } from "./schemas";

type ClassParams = {
  db: DbOrTx;
  projectId: string;
  /** the resolved range; null for all time */
  bounds: ResolvedRange | null;
  /** the list's filters: only the failed jobs of the issues it shows count */
  filters?: IssueFilters;
  userId?: string | null;
  now?: Date;
};

/** This range's and the previous range's counts per class as the breakdown lists them, most failures first. */
function toBreakdown(current: FailedRow[], previous: FailedRow[]): FailureClasses["breakdown"] {
  const byClass = new Map<string | null, { cls: string | null; current: number; previous: number }>();
  const entry = (cls: string | null) => {
    const had = byClass.get(cls);
    if (had) return had;
    const made = { cls, current: 0, previous: 0 };
    byClass.set(cls, made);
    return made;
  };
  for (const r of current) entry(r.cls).current += r.n;
  for (const r of previous) entry(r.cls).previous += r.n;
  const rows = [...byClass.values()];
  const total = rows.reduce((n, r) => n + r.current, 0);
  return rows
    .map((r) => ({
      failure_class: r.cls ?? "unknown",
      count: r.current,
      share: total ? r.current / total : 0,
      previous: r.previous,
    }))
    .filter((r) => r.count > 0 || r.previous > 0)
    .sort((a, b) => b.count - a.count);
}

/** Failed jobs per class: this range against the previous one of the same length (none for all time). */
export async function classBreakdown({
  db,
  projectId,
  bounds,
  filters = {},
  userId = null,
  now = new Date(),
}: ClassParams) {
  const from = bounds?.from ?? new Date(0);
  const q = { db, projectId, filters, userId, unit: null };
  // all time: everything that ended before now, and no previous range
  const [current, previous] = await Promise.all([
    failedByClass({ ...q, from, to: bounds?.to ?? now }),
    bounds ? failedByClass({ ...q, from: bounds.previous.from, to: from }) : [],
  ]);
  return toBreakdown(current, previous);
}

/** The chart's range (all time charts the last 30 days) and its unit: hours for a range in hours, else days. */
function seriesRange(range: ResolvedRange | null, now: Date) {
  const bounds = range ?? rangeFromQuery({ range: "30d" }, now);
  return { bounds, unit: bounds.bucket === "hour" ? ("hour" as const) : ("day" as const) };
}

function toSeries(
  rows: FailedRow[],
  { bounds, unit }: ReturnType<typeof seriesRange>,
): FailureClasses["series"] {
  return {
    unit,
    from: bounds.from.toISOString(),
    to: bounds.to.toISOString(),
    rows: rows.map((r) => ({ bucket: r.bucket ?? "", failure_class: r.cls ?? "unknown", count: r.n })),
  };
}

/** Failed jobs per hour or day (by the range's length) and class, for the taxonomy chart; all time shows 30 days. */
export async function failuresOverTime({
  db,
  projectId,
  bounds: range,
  filters = {},
  userId = null,
  now = new Date(),
}: ClassParams): Promise<FailureClasses["series"]> {
  const chart = seriesRange(range, now);
  const { from, to } = chart.bounds;
  const rows = await failedByClass({ db, projectId, filters, userId, unit: chart.unit, from, to });
  return toSeries(rows, chart);
}

/**
 * The chart and the breakdown of the failures page, for the same filters as its list. With a range, the chart
 * covers exactly the range: its buckets summed per class are the breakdown's counts, so the range is read once.
 */
export async function failureClasses(
  params: ClassParams & { filters: IssueFilters },
): Promise<FailureClasses> {
  const now = params.now ?? new Date();
  const { bounds } = params;
  const chart = seriesRange(bounds, now);
  const range = { from: bounds?.from ?? new Date(0), to: bounds?.to ?? now, filters: params.filters };
  // the chart's rows summed per class equal the breakdown's when both cover the range and read the same tables
  if (!bounds || readsDaily({ ...range, unit: chart.unit }) !== readsDaily({ ...range, unit: null })) {
    const [breakdown, series] = await Promise.all([
      classBreakdown({ ...params, now }),
      failuresOverTime({ ...params, now }),
    ]);
    return { breakdown, series };
  }
  const q = {
    db: params.db,
    projectId: params.projectId,
    filters: params.filters,
    userId: params.userId ?? null,
  };
  const [rows, previous] = await Promise.all([
    failedByClass({ ...q, unit: chart.unit, from: bounds.from, to: bounds.to }),
    failedByClass({ ...q, unit: null, from: bounds.previous.from, to: bounds.from }),
  ]);
  // per class over the whole range, as failedByClass would count them with no unit (and in its order)
  const sums = new Map<string | null, FailedRow>();
  for (const r of rows) {
    const had = sums.get(r.cls);
    if (had) had.n += r.n;
    else sums.set(r.cls, { bucket: null, cls: r.cls, n: r.n });
  }
  return { breakdown: toBreakdown(orderRows([...sums.values()]), previous), series: toSeries(rows, chart) };
}
