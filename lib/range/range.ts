// The time range every dashboard page shares through the URL: ?range=1h|24h|7d|30d|custom[&from=&to=].
// Pure: resolves a range to absolute bounds, the previous range of the same length and a chart bucket.
import { z } from "zod";

export const RANGE_PRESETS = ["1h", "24h", "7d", "30d"] as const;
export const RANGE_KINDS = [...RANGE_PRESETS, "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type RangeKind = (typeof RANGE_KINDS)[number];
export const DEFAULT_RANGE: RangePreset = "24h";

export const PRESET_MS: Record<RangePreset, number> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export const RANGE_LABELS: Record<RangeKind, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  custom: "Custom",
};

export const BUCKETS = ["hour", "day", "week"] as const;
export type Bucket = (typeof BUCKETS)[number];
export const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

/** The query fields of a range, shared by the read APIs (GET /api/v1/costs, /overview, /models). */
export const rangeQuerySchema = z.object({
  range: z
    .enum(RANGE_KINDS)
    .default(DEFAULT_RANGE)
    .describe("Preset window ending now, or custom with from/to"),
  from: z.iso.datetime({ offset: true }).optional().describe("Start (RFC 3339) of a custom range"),
  to: z.iso.datetime({ offset: true }).optional().describe("End (RFC 3339) of a custom range; default now"),
});
export type RangeQuery = z.infer<typeof rangeQuerySchema>;

export type ResolvedRange = {
  kind: RangeKind;
  from: Date;
  to: Date;
  /** The range of the same length just before this one (for "vs previous" figures). */
  previous: { from: Date; to: Date };
  /** A sensible chart bucket for the range's length. */
  bucket: Bucket;
};

export class InvalidRangeError extends Error {}

/** The default bucket: hours up to 2 days, days up to 90 days, weeks beyond. */
export function defaultBucket(spanMs: number): Bucket {
  if (spanMs <= 2 * 86_400_000) return "hour";
  if (spanMs <= 90 * 86_400_000) return "day";
  return "week";
}

/**
 * Resolves a range. A custom range needs `from` (before `to`); `to` defaults to now. Throws InvalidRangeError with a
 * message a user can act on otherwise.
 */
export function resolveRange(
  input: { range?: RangeKind | null; from?: Date | string | null; to?: Date | string | null },
  now: Date = new Date(),
): ResolvedRange {
  const kind = input.range ?? DEFAULT_RANGE;
  let from: Date;
  let to: Date;
  if (kind === "custom") {
    if (!input.from) throw new InvalidRangeError("A custom range needs a start (from).");
    from = new Date(input.from);
    to = input.to ? new Date(input.to) : now;
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      throw new InvalidRangeError("from and to must be RFC 3339 dates.");
    }
    if (from >= to) throw new InvalidRangeError("The range's start must be before its end.");
    if (to.getTime() - from.getTime() > 400 * 86_400_000) {
      throw new InvalidRangeError("A range can span at most 400 days.");
    }
  } else {
    to = now;
    from = new Date(now.getTime() - PRESET_MS[kind]);
  }
  const span = to.getTime() - from.getTime();
  return {
    kind,
    from,
    to,
    previous: { from: new Date(from.getTime() - span), to: from },
    bucket: defaultBucket(span),
  };
}

/** Start of the bucket containing `t` (UTC hours and days; weeks start on Monday, UTC). */
export function bucketStart(t: Date, bucket: Bucket): Date {
  const d = new Date(t);
  if (bucket === "hour") {
    d.setUTCMinutes(0, 0, 0);
    return d;
  }
  d.setUTCHours(0, 0, 0, 0);
  if (bucket === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

/** Every bucket start from the one containing `from` up to `to` (exclusive): the x axis of a chart. */
export function bucketStarts(from: Date, to: Date, bucket: Bucket): Date[] {
  const out: Date[] = [];
  let t = bucketStart(from, bucket);
  while (t < to && out.length < 10_000) {
    out.push(t);
    t = new Date(t.getTime() + BUCKET_MS[bucket]);
  }
  return out;
}
