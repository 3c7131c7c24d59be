// Named queries behind the failures page's chart and breakdown: failed jobs per class, narrowed by the same
// filters as the issue list (filter-sql.ts). Every function takes one params object with the project id.
import type { DbOrTx } from "@/db/client";
import type { ResolvedRange } from "@/lib/range/range";
import { rangeFromQuery } from "@/lib/range/resolve";
import { failedByClass } from "./daily";
import type { IssueFilters } from "./filter-sql";
import type { FailureClasses } from "./schemas";

/** Failed jobs per class: this range against the previous one of the same length (none for all time). */
export async function classBreakdown({
  db,
  projectId,
  bounds,
  filters = {},
  userId = null,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  /** the resolved range; null for all time */
  bounds: ResolvedRange | null;
  /** the list's filters: only the failed jobs of the issues it shows count */
  filters?: IssueFilters;
  userId?: string | null;
  now?: Date;
}) {
  const from = bounds?.from ?? new Date(0);
  const q = { db, projectId, filters, userId, unit: null };
  // all time: everything that ended before now, and no previous range
  const [current, previous] = await Promise.all([
    failedByClass({ ...q, from, to: bounds?.to ?? now }),
    bounds ? failedByClass({ ...q, from: bounds.previous.from, to: from }) : [],
  ]);
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

/** Failed jobs per hour or day (by the range's length) and class, for the taxonomy chart; all time shows 30 days. */
export async function failuresOverTime({
  db,
  projectId,
  bounds: range,
  filters = {},
  userId = null,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  /** the resolved range; null for all time, which charts the last 30 days */
  bounds: ResolvedRange | null;
  filters?: IssueFilters;
  userId?: string | null;
  now?: Date;
}): Promise<FailureClasses["series"]> {
  const bounds = range ?? rangeFromQuery({ range: "30d" }, now);
  const unit = bounds.bucket === "hour" ? "hour" : "day";
  const rows = await failedByClass({
    db,
    projectId,
    filters,
    userId,
    unit,
    from: bounds.from,
    to: bounds.to,
  });
  return {
    unit,
    from: bounds.from.toISOString(),
    to: bounds.to.toISOString(),
    rows: rows.map((r) => ({ bucket: r.bucket ?? "", failure_class: r.cls ?? "unknown", count: r.n })),
  };
}

/** The chart and the breakdown of the failures page, for the same filters as its list. */
export async function failureClasses(params: {
  db: DbOrTx;
  projectId: string;
  bounds: ResolvedRange | null;
  filters: IssueFilters;
  userId?: string | null;
  now?: Date;
}): Promise<FailureClasses> {
  const now = params.now ?? new Date();
  const [breakdown, series] = await Promise.all([
    classBreakdown({ ...params, now }),
    failuresOverTime({ ...params, now }),
  ]);
  return { breakdown, series };
}
