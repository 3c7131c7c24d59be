import { describe, expect, it } from "vitest";
import { bucketStart, bucketStarts, InvalidRangeError, resolveRange } from "./range";

const now = new Date("2026-11-22T14:30:00Z");

describe("resolveRange", () => {
  it("resolves presets ending now, with the previous window of the same length", () => {
    const r = resolveRange({ range: "7d" }, now);
    expect(r.from.toISOString()).toBe("2026-11-15T14:30:00.000Z");
    expect(r.previous.from.toISOString()).toBe("2026-11-08T14:30:00.000Z");
    expect(r.previous.to).toEqual(r.from);
    expect(r.bucket).toBe("day");
    expect(resolveRange({ range: "24h" }, now).bucket).toBe("hour");
    expect(resolveRange({}, now).kind).toBe("24h");
  });

  it("resolves custom ranges and rejects bad ones with a clear message", () => {
    const r = resolveRange(
      { range: "custom", from: "2026-01-01T00:00:00Z", to: "2026-07-01T00:00:00Z" },
      now,
    );
    expect(r.bucket).toBe("week");
    expect(() => resolveRange({ range: "custom" }, now)).toThrow(InvalidRangeError);
    expect(() => resolveRange({ range: "custom", from: "2026-12-01T00:00:00Z" }, now)).toThrow(
      /before its end/,
    );
  });
});

describe("buckets", () => {
  it("starts weeks on Monday and lists every bucket in the range", () => {
    expect(bucketStart(new Date("2026-11-22T10:00:00Z"), "week").toISOString()).toBe(
      "2026-11-16T00:00:00.000Z",
    );
    const hours = bucketStarts(new Date("2026-11-22T10:20:00Z"), new Date("2026-11-22T13:00:00Z"), "hour");
    expect(hours.map((h) => h.getUTCHours())).toEqual([10, 11, 12]);
  });
});
