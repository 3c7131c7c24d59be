// Pure preparation of the Costs charts: buckets of the range, stacked spend per group, tokens by kind.
// Every bucket of the range is present. Spend and tokens of a bucket without usage are zeros (the rollup is
// complete for the range: no usage is a fact), while a cache hit rate without any input is a gap (null).
import { type Bucket, bucketStarts } from "@/lib/range/range";
import type { CostsReport } from "./schemas";

export const OTHER = "Other";
export const TOKEN_KINDS = ["input", "output", "cache_read", "cache_write"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];
export const TOKEN_LABELS: Record<TokenKind, string> = {
  input: "Input",
  output: "Output",
  cache_read: "Cache read",
  cache_write: "Cache write",
};

export type StackRow = { bucket: string } & Record<string, number | string>;
export type TokenRow = { bucket: string; cache_hit_rate: number | null } & Record<TokenKind, number>;

/** A group key for display: the rollup's "" is an unknown agent or harness. */
export function groupLabel(key: string): string {
  return key === "" ? "(unknown)" : key;
}

const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");

/** Bucket starts (as the API writes them) of the range. */
export function rangeBuckets(from: string, to: string, bucket: Bucket): string[] {
  return bucketStarts(new Date(from), new Date(to), bucket).map(iso);
}

/**
 * Spend per bucket stacked by group: the `max` costliest groups by name (labelled), the rest summed as "Other".
 * Groups come in the report's order (highest cost first).
 */
export function stackSpend(
  report: Pick<CostsReport, "range" | "series">,
  max = 8,
): { data: StackRow[]; keys: string[] } {
  const shown = report.series.slice(0, report.series.length > max ? max - 1 : max);
  const rest = report.series.slice(shown.length);
  const keys = [...shown.map((s) => groupLabel(s.key)), ...(rest.length ? [OTHER] : [])];
  const data: StackRow[] = rangeBuckets(report.range.from, report.range.to, report.range.bucket).map(
    (bucket) => Object.fromEntries([["bucket", bucket], ...keys.map((k) => [k, 0])]) as StackRow,
  );
  const index = new Map(data.map((r, i) => [r.bucket, i]));
  const add = (label: string, points: { bucket: string; cost_usd: number }[]) => {
    for (const p of points) {
      const row = data[index.get(p.bucket) ?? -1];
      if (row) row[label] = (row[label] as number) + p.cost_usd;
    }
  };
  for (const s of shown) add(groupLabel(s.key), s.points);
  for (const s of rest) add(OTHER, s.points);
  return { data, keys };
}

/** Tokens by kind per bucket (all groups together), with the bucket's cache hit rate. */
export function tokensByKind(report: Pick<CostsReport, "range" | "series">): TokenRow[] {
  const data: TokenRow[] = rangeBuckets(report.range.from, report.range.to, report.range.bucket).map(
    (bucket) => ({ bucket, input: 0, output: 0, cache_read: 0, cache_write: 0, cache_hit_rate: null }),
  );
  const index = new Map(data.map((r, i) => [r.bucket, i]));
  for (const s of report.series) {
    for (const p of s.points) {
      const row = data[index.get(p.bucket) ?? -1];
      if (!row) continue;
      row.input += p.input_tokens;
      row.output += p.output_tokens;
      row.cache_read += p.cache_read_tokens;
      row.cache_write += p.cache_write_tokens;
    }
  }
  for (const row of data) {
    const all = row.input + row.cache_read + row.cache_write;
    row.cache_hit_rate = all > 0 ? row.cache_read / all : null;
  }
  return data;
}

/** Share of `part` in `whole` (0 when the whole is 0), for progress bars and "share" columns. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
