import { describe, expect, it } from "vitest";
import { csvFileName, groupsCsv, seriesCsv, toCsv } from "./csv";
import { rangeBuckets, stackSpend, tokensByKind } from "./prepare";
import type { CostsReport } from "./schemas";

const point = (bucket: string, cost: number, tokens: Partial<Record<string, number>> = {}) => ({
  bucket,
  cost_usd: cost,
  reported_cost_usd: 0,
  computed_cost_usd: cost,
  input_tokens: tokens.input ?? 0,
  output_tokens: tokens.output ?? 0,
  cache_read_tokens: tokens.cache_read ?? 0,
  cache_write_tokens: tokens.cache_write ?? 0,
  usage_events: 1,
  unpriced_events: 0,
});

const range = { from: "2026-01-01T10:30:00Z", to: "2026-01-04T12:00:00Z", bucket: "day" as const };

describe("rangeBuckets", () => {
  it("lists every bucket start from the one containing from, as the API writes them", () => {
    expect(rangeBuckets(range.from, range.to, "day")).toEqual([
      "2026-01-01T00:00:00Z",
      "2026-01-02T00:00:00Z",
      "2026-01-03T00:00:00Z",
      "2026-01-04T00:00:00Z",
    ]);
    // weeks start on Monday (2026-01-05 is a Monday)
    expect(rangeBuckets("2026-01-07T00:00:00Z", "2026-01-13T00:00:00Z", "week")).toEqual([
      "2026-01-05T00:00:00Z",
      "2026-01-12T00:00:00Z",
    ]);
  });
});

describe("stackSpend", () => {
  it("fills every bucket, keeps the report's order and labels an unknown group", () => {
    const { data, keys } = stackSpend({
      range,
      series: [
        { key: "opus", points: [point("2026-01-02T00:00:00Z", 3)] },
        { key: "", points: [point("2026-01-02T00:00:00Z", 1), point("2026-01-04T00:00:00Z", 0.5)] },
      ],
    });
    expect(keys).toEqual(["opus", "(unknown)"]);
    expect(data).toEqual([
      { bucket: "2026-01-01T00:00:00Z", opus: 0, "(unknown)": 0 },
      { bucket: "2026-01-02T00:00:00Z", opus: 3, "(unknown)": 1 },
      { bucket: "2026-01-03T00:00:00Z", opus: 0, "(unknown)": 0 },
      { bucket: "2026-01-04T00:00:00Z", opus: 0, "(unknown)": 0.5 },
    ]);
  });

  it("sums the groups past the limit into Other", () => {
    const series = ["a", "b", "c", "d"].map((key, i) => ({
      key,
      points: [point("2026-01-01T00:00:00Z", 4 - i)],
    }));
    const { data, keys } = stackSpend({ range, series }, 3);
    expect(keys).toEqual(["a", "b", "Other"]);
    expect(data[0]).toEqual({ bucket: "2026-01-01T00:00:00Z", a: 4, b: 3, Other: 3 });
  });
});

describe("tokensByKind", () => {
  it("sums groups per bucket and leaves the hit rate of a bucket without input as a gap", () => {
    const rows = tokensByKind({
      range: { ...range, to: "2026-01-02T12:00:00Z" } satisfies CostsReport["range"],
      series: [
        { key: "a", points: [point("2026-01-02T00:00:00Z", 1, { input: 100, cache_read: 300, output: 7 })] },
        { key: "b", points: [point("2026-01-02T00:00:00Z", 1, { input: 50, cache_write: 50 })] },
      ],
    });
    expect(rows).toEqual([
      {
        bucket: "2026-01-01T00:00:00Z",
        input: 0,
        output: 0,
        cache_read: 0,
        cache_write: 0,
        cache_hit_rate: null,
      },
      {
        bucket: "2026-01-02T00:00:00Z",
        input: 150,
        output: 7,
        cache_read: 300,
        cache_write: 50,
        cache_hit_rate: 0.6,
      },
    ]);
  });
});

describe("csv", () => {
  it("quotes separators and defuses spreadsheet formulas from runner-supplied names", () => {
    const csv = toCsv(
      [
        { label: "agent", value: (r: { agent: string; cost: number | null }) => r.agent },
        { label: "cost_usd", value: (r) => r.cost },
      ],
      [
        { agent: 'say "hi", then', cost: 1.5 },
        { agent: "=HYPERLINK(1)", cost: null },
        { agent: "plain", cost: -2 },
      ],
    );
    expect(csv).toBe('agent,cost_usd\r\n"say ""hi"", then",1.5\r\n\'=HYPERLINK(1),\r\nplain,-2\r\n');
  });

  it("names files after the section and the range", () => {
    expect(csvFileName("spend", { from: "2026-01-01T10:30:00.000Z", to: "2026-01-04T12:00:00Z" })).toBe(
      "fleetwatch-costs-spend-20260101T1030Z-20260104T1200Z.csv",
    );
  });
});

describe("report csv", () => {
  const report: CostsReport = {
    range: { ...range, bucket: "day" },
    group_by: "agent",
    projects: ["p"],
    totals: { ...point("", 4), cache_hit_rate: null, unpriced_models: [] },
    groups: [
      { key: "scout", ...point("", 3), cache_hit_rate: 0.5 },
      { key: "", ...point("", 1), cache_hit_rate: null },
    ],
    series: [
      { key: "scout", points: [point("2026-01-02T00:00:00Z", 3)] },
      { key: "", points: [point("2026-01-01T00:00:00Z", 1)] },
    ],
    month_to_date: {
      month: "2026-01",
      cost_usd: 4,
      days_elapsed: 2,
      days_in_month: 31,
      daily_rate_usd: 2,
      forecast_usd: 62,
    },
  };

  it("writes the series one line per bucket and group, in time order", () => {
    const lines = seriesCsv(report).trim().split("\r\n");
    expect(lines[0]).toBe(
      "bucket_start,agent,cost_usd,reported_cost_usd,computed_cost_usd,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,usage_events,unpriced_events",
    );
    expect(lines.slice(1)).toEqual([
      "2026-01-01T00:00:00Z,(unknown),1,0,1,0,0,0,0,1,0",
      "2026-01-02T00:00:00Z,scout,3,0,3,0,0,0,0,1,0",
    ]);
  });

  it("writes the groups with their cache hit rate (empty when unknown)", () => {
    const lines = groupsCsv(report).trim().split("\r\n");
    expect(lines.slice(1)).toEqual(["scout,3,0,3,0,0,0,0,1,0,0.5", "(unknown),1,0,1,0,0,0,0,1,0,"]);
  });
});
