import { describe, expect, it } from "vitest";
import { formatCost, formatDateTime, formatDuration, formatRelative } from "./format";

describe("format", () => {
  it("formats durations at every scale", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(450)).toBe("450 ms");
    expect(formatDuration(2_500)).toBe("2.5 s");
    expect(formatDuration(95_000)).toBe("1m 35s");
    expect(formatDuration(16 * 60_000 + 59_600)).toBe("17m");
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe("2h 5m");
  });
  it("writes the first hour of a day as 00, as browsers do (Node's hour12: false said 24: React error 418)", () => {
    expect(formatDateTime("2026-12-05T00:05:07Z", "UTC")).toBe("Dec 5, 00:05:07");
    expect(formatDateTime("2026-12-05T23:59:59Z", "UTC")).toBe("Dec 5, 23:59:59");
  });
  it("says what toLocaleString says, in every zone, with one formatter per zone", () => {
    const toLocale = (iso: string, timeZone?: string) =>
      new Date(iso).toLocaleString("en-US", {
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
        timeZone,
      });
    const instants = [
      "2026-03-08T09:59:59Z",
      "2026-03-29T01:00:00.500Z",
      "2026-11-01T05:30:00Z",
      "2026-12-31T23:59:59Z",
    ];
    for (const zone of [
      undefined,
      "UTC",
      "America/New_York",
      "Europe/Paris",
      "Asia/Kolkata",
      "Australia/Lord_Howe",
    ])
      for (const iso of instants)
        expect(formatDateTime(iso, zone), `${iso} ${zone}`).toBe(toLocale(iso, zone));
    // by hand: 09:59:59 UTC on March 8 is 05:59:59 in New York (EDT from 07:00 UTC that day), 15:29:59 in Kolkata
    expect(formatDateTime("2026-03-08T09:59:59Z", "America/New_York")).toBe("Mar 8, 05:59:59");
    expect(formatDateTime("2026-03-08T09:59:59Z", "Asia/Kolkata")).toBe("Mar 8, 15:29:59");
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("not a date", "UTC")).toBe("Invalid Date");
    expect(() => formatDateTime("2026-03-08T09:59:59Z", "Mars/Olympus_Mons")).toThrow(RangeError);
  });
  it("formats costs with enough precision for cheap calls", () => {
    expect(formatCost(0.0012)).toBe("$0.0012");
    expect(formatCost(1234.5)).toBe("$1,234.50");
  });
  it("formats relative times", () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(formatRelative(new Date(now - 10_000).toISOString(), now)).toBe("just now");
    expect(formatRelative(new Date(now - 5 * 60_000).toISOString(), now)).toBe("5m ago");
    expect(formatRelative(new Date(now - 3 * 86_400_000).toISOString(), now)).toBe("3d ago");
  });
});
