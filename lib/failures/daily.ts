// Failed jobs per class (and per bucket) over a range, from failure_daily for the range's full UTC days and from
// job for the partial days at its ends: exact (the same rows the job-only count reads) and bounded by days, so a
// month or all time costs about as much as a week. Filters failure_daily cannot answer (agent, model, harness) read job.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { failureDaily, job } from "@/db/schema";
import { dailyCanFilter, failedJobConditions, type IssueFilters } from "./filter-sql";

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type FailedQuery = {
  db: DbOrTx;
  projectId: string;
  from: Date;
  to: Date;
  filters: IssueFilters;
  userId: string | null;
  /** null: one count per class over the whole range */
  unit: "hour" | "day" | null;
};

export type FailedRow = { bucket: string | null; cls: string | null; n: number };
type Row = FailedRow;

// Grouped by the UTC day or hour as a timestamp, formatted after grouping (to_char per row costs more than the
// counting).
const fmt = 'YYYY-MM-DD"T"HH24:00:00"Z"';

function fromJobs(q: FailedQuery, from: Date, to: Date): Promise<Row[]> {
  const unit = q.unit;
  const where = and(
    eq(job.projectId, q.projectId),
    eq(job.status, "failed"),
    gte(job.endedAt, from),
    lt(job.endedAt, to),
    ...failedJobConditions({ db: q.db, projectId: q.projectId, filters: q.filters, userId: q.userId }),
  );
  if (!unit)
    return q.db
      .select({ bucket: sql<null>`null`, cls: job.failureClass, n: sql<number>`count(*)::int` })
      .from(job)
      .where(where)
      .groupBy(job.failureClass);
  // the unit inline (one of two words): as a parameter, the grouped and the selected expressions would differ
  const at = sql`date_trunc(${sql.raw(`'${unit}'`)}, ${job.endedAt} at time zone 'UTC')`;
  return q.db
    .select({
      bucket: sql<string>`to_char(${at}, ${fmt})`,
      cls: job.failureClass,
      n: sql<number>`count(*)::int`,
    })
    .from(job)
    .where(where)
    .groupBy(at, job.failureClass);
}

function fromDaily(q: FailedQuery, firstDay: string, endDay: string): Promise<Row[]> {
  const cls = sql<string | null>`nullif(${failureDaily.failureClass}, '')`;
  const where = and(
    eq(failureDaily.projectId, q.projectId),
    gte(failureDaily.day, firstDay),
    lt(failureDaily.day, endDay),
    ...failedJobConditions({
      db: q.db,
      projectId: q.projectId,
      filters: q.filters,
      userId: q.userId,
      cols: { failureClass: failureDaily.failureClass, failureIssueId: failureDaily.issueId },
    }),
  );
  const n = sql<number>`sum(${failureDaily.failures})::int`;
  if (!q.unit)
    return q.db
      .select({ bucket: sql<null>`null`, cls, n })
      .from(failureDaily)
      .where(where)
      .groupBy(failureDaily.failureClass);
  return q.db
    .select({ bucket: sql<string>`to_char(${failureDaily.day}, ${fmt})`, cls, n })
    .from(failureDaily)
    .where(where)
    .groupBy(failureDaily.day, failureDaily.failureClass);
}

/**
 * Whether failedByClass reads the range's whole UTC days from failure_daily (which keeps a missing class as ''
 * and reports it as NULL) rather than every failed job from job.
 */
export function readsDaily(q: Pick<FailedQuery, "from" | "to" | "unit" | "filters">): boolean {
  const dayStart = Math.ceil(q.from.getTime() / DAY) * DAY;
  const dayEnd = Math.floor(q.to.getTime() / DAY) * DAY;
  return q.unit !== "hour" && dayEnd > dayStart && dailyCanFilter(q.filters);
}

/** Failed jobs that ended in [from, to) per class (and bucket when `unit` is set), by bucket, then class. */
export async function failedByClass(q: FailedQuery): Promise<Row[]> {
  // the full UTC days inside the range: [dayStart, dayEnd); hour buckets stay on job (a day or a few)
  const dayStart = Math.ceil(q.from.getTime() / DAY) * DAY;
  const dayEnd = Math.floor(q.to.getTime() / DAY) * DAY;
  const parts = !readsDaily(q)
    ? [fromJobs(q, q.from, q.to)]
    : [
        fromJobs(q, q.from, new Date(dayStart)),
        fromDaily(q, dayOf(dayStart), dayOf(dayEnd)),
        fromJobs(q, new Date(dayEnd), q.to),
      ];
  const sums = new Map<string, Row>();
  for (const r of (await Promise.all(parts)).flat()) {
    const key = `${r.bucket ?? ""}\u0000${r.cls ?? ""}\u0000${r.cls === null}`;
    const had = sums.get(key);
    if (had) had.n += r.n;
    else sums.set(key, { ...r });
  }
  return orderRows([...sums.values()]);
}

/** Rows by bucket, then class (a missing class last): failedByClass's order. */
export function orderRows(rows: FailedRow[]): FailedRow[] {
  const order = (r: Row) => `${r.bucket ?? ""}\u0000${r.cls ?? "\uffff"}`;
  return rows.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
