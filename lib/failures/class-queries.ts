// Named queries behind the failures page's chart and breakdown: failed jobs per class, narrowed by the same
// filters as the issue list (filter-sql.ts). Every function takes one params object with the project id.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { job } from "@/db/schema";
import type { ResolvedRange } from "@/lib/range/range";
import { rangeFromQuery } from "@/lib/range/resolve";
import { failedJobConditions, type IssueFilters } from "./filter-sql";
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
  const rows = await db
    .select({
      cls: job.failureClass,
      current: sql<number>`count(*) filter (where ${job.endedAt} >= ${from.toISOString()}::timestamptz)::int`,
      previous: sql<number>`count(*) filter (where ${job.endedAt} < ${from.toISOString()}::timestamptz)::int`,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, projectId),
        eq(job.status, "failed"),
        gte(job.endedAt, bounds?.previous.from ?? from),
        lt(job.endedAt, bounds?.to ?? now),
        ...failedJobConditions({ db, projectId, filters, userId }),
      ),
    )
    .groupBy(job.failureClass);
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
  const rows = await db
    .select({
      bucket: sql<string>`to_char(date_trunc(${unit}, ${job.endedAt} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"')`,
      cls: job.failureClass,
      n: sql<number>`count(*)::int`,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, projectId),
        eq(job.status, "failed"),
        gte(job.endedAt, bounds.from),
        lt(job.endedAt, bounds.to),
        ...failedJobConditions({ db, projectId, filters, userId }),
      ),
    )
    .groupBy(sql`1`, job.failureClass)
    .orderBy(sql`1`);
  return {
    unit,
    from: bounds.from.toISOString(),
    to: bounds.to.toISOString(),
    rows: rows.map((r) => ({ bucket: r.bucket, failure_class: r.cls ?? "unknown", count: r.n })),
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
