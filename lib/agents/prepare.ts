// Pure preparation of the agent page's charts: one point per bucket of the range, in order.
import type { ChartRow } from "@/lib/failures/prepare";
import { type Bucket, bucketStarts } from "@/lib/range/range";

type Axis = { from: Date; to: Date; bucket: Bucket };

/** The key queries give a bucket: "2026-03-10T14:00:00Z". */
export const bucketKey = (d: Date) => `${d.toISOString().slice(0, 13)}:00:00Z`;

/**
 * Failed jobs per bucket with a count per class (classes ordered by total, then name). A bucket with no failed
 * job is zero: the jobs table is complete for the range, so no failure is a fact, not missing data.
 */
export function failuresSeries(
  rows: { bucket: string; failure_class: string; count: number }[],
  axis: Axis,
): { data: ChartRow[]; classes: string[] } {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.failure_class, (totals.get(r.failure_class) ?? 0) + r.count);
  const classes = [...totals.keys()].sort(
    (a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b),
  );
  const data = bucketStarts(axis.from, axis.to, axis.bucket).map((t) => {
    const row: ChartRow = { bucket: bucketKey(t) };
    for (const c of classes) row[c] = 0;
    return row;
  });
  const index = new Map(data.map((r, i) => [r.bucket, i]));
  for (const r of rows) {
    const row = data[index.get(r.bucket) ?? -1];
    if (row) row[r.failure_class] = (row[r.failure_class] as number) + r.count;
  }
  return { data, classes };
}

export type SpendPoint = {
  bucket: string;
  /** null: a gap (no usage recorded in the bucket, or only usage with no known price). */
  cost_usd: number | null;
  /** Usage events in the bucket whose cost is unknown (no reported cost, no price). */
  unpriced_events: number;
};

/** Spend per bucket. Missing buckets are gaps (null), never zeros; so are buckets whose usage has no price. */
export function spendSeries(
  rows: { bucket: string; cost_usd: number; usage_events: number; unpriced_events: number }[],
  axis: Axis,
): SpendPoint[] {
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  return bucketStarts(axis.from, axis.to, axis.bucket).map((t) => {
    const key = bucketKey(t);
    const r = byBucket.get(key);
    if (!r) return { bucket: key, cost_usd: null, unpriced_events: 0 };
    const priced = r.usage_events - r.unpriced_events;
    return { bucket: key, cost_usd: priced > 0 ? r.cost_usd : null, unpriced_events: r.unpriced_events };
  });
}

/** Total of the known costs, or null when no bucket has one. */
export function spendTotal(points: SpendPoint[]): number | null {
  const known = points.filter((p) => p.cost_usd !== null);
  return known.length ? known.reduce((n, p) => n + (p.cost_usd ?? 0), 0) : null;
}
