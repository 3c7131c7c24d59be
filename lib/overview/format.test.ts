import { describe, expect, it } from "vitest";
import { formatChange, formatPercent, formatPoints } from "./format";

describe("overview formatting", () => {
  it("formats rates, changes and points", () => {
    expect(formatPercent(5 / 6)).toBe("83.3%");
    expect(formatPercent(null)).toBe("—");
    expect(formatChange(0.254)).toBe("+25%");
    expect(formatChange(-0.05)).toBe("−5%");
    expect(formatChange(null)).toBeNull();
    expect(formatPoints(10 / 12 - 11 / 20)).toBe("+28.3 pts");
    expect(formatPoints(-0.05)).toBe("−5.0 pts");
  });
});
