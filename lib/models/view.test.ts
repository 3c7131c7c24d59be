import { describe, expect, it } from "vitest";
import type { Cell } from "./schemas";
import { heatColor, heatScale } from "./view";

const cell = (model: string, success_rate: number | null, cost: number | null, enough = true) =>
  ({ model, harness: "h", success_rate, cost_per_success_usd: cost, enough_data: enough }) as Cell;

describe("heatScale", () => {
  it("places values between the worst and the best cell with enough data", () => {
    const a = cell("a", 0.9, 2);
    const b = cell("b", 0.5, 1);
    const c = cell("c", 0.6, 1.5);
    const few = cell("few", 1, 0.1, false);
    const rates = heatScale([a, b, c, few], "success_rate");
    expect(rates.get(a)).toBe(1);
    expect(rates.get(b)).toBe(0);
    // (0.6 - 0.5) / (0.9 - 0.5)
    expect(rates.get(c)).toBeCloseTo(0.25, 12);
    // not enough data: not on the scale (and not stretching it)
    expect(rates.get(few)).toBeNull();
    // lower is better for cost: the cheapest is 1
    const costs = heatScale([a, b, c, few], "cost_per_success_usd");
    expect(costs.get(b)).toBe(1);
    expect(costs.get(a)).toBe(0);
    expect(costs.get(c)).toBeCloseTo(0.5, 12);
  });

  it("puts a lone value in the middle and leaves missing values out", () => {
    const a = cell("a", 0.7, null);
    expect(heatScale([a], "success_rate").get(a)).toBe(0.5);
    expect(heatScale([a], "cost_per_success_usd").get(a)).toBeNull();
  });
});

describe("heatColor", () => {
  it("is green above the middle, red below, stronger at the ends, none without a value", () => {
    expect(heatColor(1)).toBe("rgba(16, 185, 129, 0.460)");
    expect(heatColor(0)).toBe("rgba(239, 68, 68, 0.460)");
    expect(heatColor(0.5)).toBe("rgba(16, 185, 129, 0.060)");
    expect(heatColor(null)).toBeUndefined();
  });
});
