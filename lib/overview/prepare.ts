// Pure preparation of the Overview charts: one row per time bucket of the range, in order.
// Counts and costs come from complete tables (every job, every usage hour), so a bucket without rows is a
// zero, a fact. A rate is a gap (null) where its denominator is zero: there is nothing to measure.
import { type Bucket, bucketStarts } from "@/lib/range/range";
import type { Overview } from "./schemas";

export type ChartRange = { from: string; to: string; bucket: Bucket };

/** The bucket keys of a range, formatted like the queries' buckets ("2026-03-10T14:00:00Z"). */
export function bucketKeys({ from, to, bucket }: ChartRange): string[] {
  return bucketStarts(new Date(from), new Date(to), bucket).map(
    (d) => `${d.toISOString().slice(0, 13)}:00:00Z`,
  );
}

/** A short axis label for a bucket key: 14:00 for hours, 03-10 for days and weeks (UTC). */
export function bucketLabel(key: string, bucket: Bucket): string {
  return bucket === "hour" ? key.slice(11, 16) : key.slice(5, 10);
}

export type JobsChartRow = {
  bucket: string;
  label: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  unfinished: number;
  /** succeeded / (succeeded + failed), in percent; null (a gap in the line) when nothing finished. */
  successRate: number | null;
};

export function prepareJobsChart(rows: Overview["series"]["jobs"], range: ChartRange): JobsChartRow[] {
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  return bucketKeys(range).map((bucket) => {
    const r = byBucket.get(bucket);
    const succeeded = r?.succeeded ?? 0;
    const failed = r?.failed ?? 0;
    return {
      bucket,
      label: bucketLabel(bucket, range.bucket),
      succeeded,
      failed,
      cancelled: r?.cancelled ?? 0,
      unfinished: r?.unfinished ?? 0,
      successRate: succeeded + failed > 0 ? (succeeded / (succeeded + failed)) * 100 : null,
    };
  });
}

export type StackedRow = { bucket: string; label: string } & Record<string, number | string>;
export type Stacked = { data: StackedRow[]; keys: string[] };

export const OTHER = "other";

/**
 * Pivots (bucket, key, value) rows into one row per bucket with a value per key; keys beyond `maxKeys` (the
 * largest totals first) are summed into "other".
 */
export function pivotStacked(
  rows: { bucket: string; key: string; value: number }[],
  range: ChartRange,
  maxKeys: number,
): Stacked {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.value);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const kept = ranked.length > maxKeys ? ranked.slice(0, maxKeys - 1) : ranked;
  const keys = ranked.length > kept.length ? [...kept, OTHER] : kept;
  const keptSet = new Set(kept);
  const data: StackedRow[] = bucketKeys(range).map((bucket) => {
    const row: StackedRow = { bucket, label: bucketLabel(bucket, range.bucket) };
    for (const k of keys) row[k] = 0;
    return row;
  });
  const index = new Map(data.map((r, i) => [r.bucket, i]));
  for (const r of rows) {
    const row = data[index.get(r.bucket) ?? -1];
    if (!row) continue; // outside the range's buckets
    const k = keptSet.has(r.key) ? r.key : OTHER;
    row[k] = (row[k] as number) + r.value;
  }
  return { data, keys };
}

export function prepareSpendChart(rows: Overview["series"]["spend"], range: ChartRange, maxModels = 6) {
  const stacked = pivotStacked(
    rows.map((r) => ({ bucket: r.bucket, key: r.model, value: r.cost_usd })),
    range,
    maxModels,
  );
  const unpriced = new Map<string, number>();
  for (const r of rows) unpriced.set(r.bucket, (unpriced.get(r.bucket) ?? 0) + r.unpriced_events);
  return { ...stacked, unpricedBuckets: [...unpriced].filter(([, n]) => n > 0).map(([b]) => b) };
}

export function prepareFailuresChart(
  rows: Overview["series"]["failures"],
  range: ChartRange,
  maxClasses = 10,
) {
  return pivotStacked(
    rows.map((r) => ({ bucket: r.bucket, key: r.failure_class, value: r.count })),
    range,
    maxClasses,
  );
}

/** Change against the previous range, as a fraction (+0.25 = 25% more); null when it cannot be said. */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}
