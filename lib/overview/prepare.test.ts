import { describe, expect, it } from "vitest";
import {
  bucketKeys,
  change,
  OTHER,
  pivotStacked,
  prepareFailuresChart,
  prepareJobsChart,
  prepareSpendChart,
} from "./prepare";

// 4 hours: 10:30 to 14:30 UTC -> buckets 10:00, 11:00, 12:00, 13:00, 14:00
const HOURS = { from: "2026-03-10T10:30:00.000Z", to: "2026-03-10T14:30:00.000Z", bucket: "hour" as const };

describe("bucketKeys", () => {
  it("lists every bucket of the range, the partial first one included", () => {
    expect(bucketKeys(HOURS)).toEqual([
      "2026-03-10T10:00:00Z",
      "2026-03-10T11:00:00Z",
      "2026-03-10T12:00:00Z",
      "2026-03-10T13:00:00Z",
      "2026-03-10T14:00:00Z",
    ]);
    // weeks start on Monday: 2026-03-04 is a Wednesday, its week starts on 2026-03-02
    expect(bucketKeys({ from: "2026-03-04T08:00:00Z", to: "2026-03-17T00:00:00Z", bucket: "week" })).toEqual([
      "2026-03-02T00:00:00Z",
      "2026-03-09T00:00:00Z",
      "2026-03-16T00:00:00Z",
    ]);
  });
});

describe("prepareJobsChart", () => {
  it("fills buckets without jobs with zeros and leaves the success rate a gap there", () => {
    const rows = prepareJobsChart(
      [
        { bucket: "2026-03-10T11:00:00Z", succeeded: 3, failed: 1, cancelled: 0, unfinished: 2 },
        { bucket: "2026-03-10T13:00:00Z", succeeded: 0, failed: 0, cancelled: 1, unfinished: 4 },
      ],
      HOURS,
    );
    expect(rows.map((r) => r.label)).toEqual(["10:00", "11:00", "12:00", "13:00", "14:00"]);
    expect(rows.map((r) => r.succeeded)).toEqual([0, 3, 0, 0, 0]);
    expect(rows.map((r) => r.unfinished)).toEqual([0, 2, 0, 4, 0]);
    // 3 of 4 finished succeeded; 13:00 has jobs but none finished: a gap, not 0%
    expect(rows.map((r) => r.successRate)).toEqual([null, 75, null, null, null]);
  });
});

describe("pivotStacked", () => {
  it("keeps the largest keys and sums the rest into other", () => {
    const s = pivotStacked(
      [
        { bucket: "2026-03-10T10:00:00Z", key: "a", value: 5 },
        { bucket: "2026-03-10T10:00:00Z", key: "b", value: 3 },
        { bucket: "2026-03-10T11:00:00Z", key: "c", value: 2 },
        { bucket: "2026-03-10T12:00:00Z", key: "d", value: 1 },
        { bucket: "2026-03-09T23:00:00Z", key: "a", value: 100 }, // outside the range: dropped
      ],
      HOURS,
      3,
    );
    // totals: a 105, b 3, c 2, d 1 -> a, b kept, c + d in other
    expect(s.keys).toEqual(["a", "b", OTHER]);
    expect(s.data.map((r) => [r.a, r.b, r[OTHER]])).toEqual([
      [5, 3, 0],
      [0, 0, 2],
      [0, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("has no other when every key fits", () => {
    const s = pivotStacked([{ bucket: "2026-03-10T14:00:00Z", key: "x", value: 1 }], HOURS, 3);
    expect(s.keys).toEqual(["x"]);
    expect(s.data.at(-1)?.x).toBe(1);
  });
});

describe("spend and failure charts", () => {
  it("stacks spend by model and flags buckets with unpriced usage", () => {
    const s = prepareSpendChart(
      [
        { bucket: "2026-03-10T11:00:00Z", model: "opus", cost_usd: 1.5, unpriced_events: 0 },
        { bucket: "2026-03-10T11:00:00Z", model: "sonnet", cost_usd: 0.25, unpriced_events: 2 },
        { bucket: "2026-03-10T12:00:00Z", model: "sonnet", cost_usd: 0.5, unpriced_events: 0 },
      ],
      HOURS,
    );
    expect(s.keys).toEqual(["opus", "sonnet"]);
    expect(s.data.map((r) => r.sonnet)).toEqual([0, 0.25, 0.5, 0, 0]);
    expect(s.unpricedBuckets).toEqual(["2026-03-10T11:00:00Z"]);
  });

  it("stacks failures by class", () => {
    const s = prepareFailuresChart(
      [
        { bucket: "2026-03-10T10:00:00Z", failure_class: "timeout", count: 2 },
        { bucket: "2026-03-10T10:00:00Z", failure_class: "rate_limit", count: 4 },
      ],
      HOURS,
    );
    expect(s.keys).toEqual(["rate_limit", "timeout"]);
    expect(s.data[0]).toMatchObject({ rate_limit: 4, timeout: 2 });
  });
});

describe("change", () => {
  it("is a fraction of the previous value, or null", () => {
    expect(change(15, 10)).toBeCloseTo(0.5, 12);
    expect(change(5, 10)).toBeCloseTo(-0.5, 12);
    expect(change(5, 0)).toBeNull();
    expect(change(null, 3)).toBeNull();
  });
});
