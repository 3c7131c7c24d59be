import { describe, expect, it } from "vitest";
import { compactDuration, formatRate } from "./format";

describe("compactDuration", () => {
  it("shows the two largest units, rounding down", () => {
    expect(compactDuration(-5)).toBe("0s");
    expect(compactDuration(59_999)).toBe("59s");
    expect(compactDuration(60_000)).toBe("1m");
    expect(compactDuration(59 * 60_000 + 59_000)).toBe("59m");
    expect(compactDuration(3_600_000)).toBe("1h");
    expect(compactDuration(3_600_000 + 5 * 60_000)).toBe("1h 5m");
    expect(compactDuration(86_400_000)).toBe("1d");
    expect(compactDuration(2 * 86_400_000 + 3 * 3_600_000 + 59 * 60_000)).toBe("2d 3h");
  });
  it("formats rates as whole percents", () => {
    expect(formatRate(null)).toBe("—");
    expect(formatRate(2 / 3)).toBe("67%");
    expect(formatRate(1)).toBe("100%");
  });
});
