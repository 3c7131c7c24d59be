import { describe, expect, it } from "vitest";
import { failuresSeries, spendSeries, spendTotal } from "./prepare";

// 4 hours ending 14:30: buckets 10:00, 11:00, 12:00, 13:00, 14:00 (the first one partly before `from`)
const axis = {
  from: new Date("2026-03-10T10:30:00Z"),
  to: new Date("2026-03-10T14:30:00Z"),
  bucket: "hour" as const,
};

describe("failuresSeries", () => {
  it("zero-fills every bucket and orders classes by count", () => {
    const { data, classes } = failuresSeries(
      [
        { bucket: "2026-03-10T11:00:00Z", failure_class: "timeout", count: 1 },
        { bucket: "2026-03-10T11:00:00Z", failure_class: "rate_limit", count: 2 },
        { bucket: "2026-03-10T14:00:00Z", failure_class: "rate_limit", count: 1 },
        { bucket: "2026-03-10T14:00:00Z", failure_class: "build_error", count: 1 },
      ],
      axis,
    );
    expect(classes).toEqual(["rate_limit", "build_error", "timeout"]);
    expect(data).toEqual([
      { bucket: "2026-03-10T10:00:00Z", rate_limit: 0, build_error: 0, timeout: 0 },
      { bucket: "2026-03-10T11:00:00Z", rate_limit: 2, build_error: 0, timeout: 1 },
      { bucket: "2026-03-10T12:00:00Z", rate_limit: 0, build_error: 0, timeout: 0 },
      { bucket: "2026-03-10T13:00:00Z", rate_limit: 0, build_error: 0, timeout: 0 },
      { bucket: "2026-03-10T14:00:00Z", rate_limit: 1, build_error: 1, timeout: 0 },
    ]);
  });

  it("uses day and week buckets (weeks start on Monday, UTC)", () => {
    const week = failuresSeries([{ bucket: "2026-03-09T00:00:00Z", failure_class: "infra", count: 4 }], {
      from: new Date("2026-03-04T08:00:00Z"), // a Wednesday: its week starts Monday the 2nd
      to: new Date("2026-03-12T00:00:00Z"),
      bucket: "week",
    });
    expect(week.data).toEqual([
      { bucket: "2026-03-02T00:00:00Z", infra: 0 },
      { bucket: "2026-03-09T00:00:00Z", infra: 4 },
    ]);
  });
});

describe("spendSeries", () => {
  it("leaves gaps where nothing was recorded or nothing had a price", () => {
    const points = spendSeries(
      [
        { bucket: "2026-03-10T11:00:00Z", cost_usd: 0.42, usage_events: 2, unpriced_events: 0 },
        // every usage event of 12:00 is unpriced: its cost is unknown, not $0
        { bucket: "2026-03-10T12:00:00Z", cost_usd: 0, usage_events: 3, unpriced_events: 3 },
        // some priced, some not: the known part, with the unknown count beside it
        { bucket: "2026-03-10T14:00:00Z", cost_usd: 1.5, usage_events: 4, unpriced_events: 1 },
      ],
      axis,
    );
    expect(points).toEqual([
      { bucket: "2026-03-10T10:00:00Z", cost_usd: null, unpriced_events: 0 },
      { bucket: "2026-03-10T11:00:00Z", cost_usd: 0.42, unpriced_events: 0 },
      { bucket: "2026-03-10T12:00:00Z", cost_usd: null, unpriced_events: 3 },
      { bucket: "2026-03-10T13:00:00Z", cost_usd: null, unpriced_events: 0 },
      { bucket: "2026-03-10T14:00:00Z", cost_usd: 1.5, unpriced_events: 1 },
    ]);
    expect(spendTotal(points)).toBeCloseTo(1.92, 10);
  });

  it("keeps a real zero (usage reported at $0) apart from a gap", () => {
    const points = spendSeries(
      [{ bucket: "2026-03-10T13:00:00Z", cost_usd: 0, usage_events: 1, unpriced_events: 0 }],
      axis,
    );
    expect(points.map((p) => p.cost_usd)).toEqual([null, null, null, 0, null]);
    expect(spendTotal(points)).toBe(0);
    expect(spendTotal(spendSeries([], axis))).toBeNull();
  });
});
