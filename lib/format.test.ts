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
