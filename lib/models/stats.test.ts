import { describe, expect, it } from "vitest";
import { mean, safeRatio, variance, varianceSplit, wilson } from "./stats";

describe("wilson", () => {
  it("matches published 95% intervals", () => {
    // 8 of 10: the textbook Wilson interval is 0.4902 to 0.9433
    const a = wilson(8, 10);
    expect(a?.low).toBeCloseTo(0.4902, 4);
    expect(a?.high).toBeCloseTo(0.9433, 4);
    // 0 of 10: 0 to 0.2775 (never below 0, unlike the normal approximation)
    const b = wilson(0, 10);
    expect(b?.low).toBe(0);
    expect(b?.high).toBeCloseTo(0.2775, 4);
    // 10 of 10: 0.7225 to 1
    const c = wilson(10, 10);
    expect(c?.low).toBeCloseTo(0.7225, 4);
    expect(c?.high).toBe(1);
  });

  it("narrows as n grows and is null without data", () => {
    const small = wilson(5, 10);
    const large = wilson(500, 1000);
    expect((small?.high ?? 0) - (small?.low ?? 0)).toBeGreaterThan((large?.high ?? 0) - (large?.low ?? 0));
    // 500/1000: 0.5 +- 1.96 * sqrt(0.25/1000) ~ 0.4691 to 0.5309
    expect(large?.low).toBeCloseTo(0.4691, 3);
    expect(wilson(0, 0)).toBeNull();
  });
});

describe("mean, variance, ratio", () => {
  it("computes the population variance", () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    // (0.04 + 0 + 0.04) / 3
    expect(variance([0.5, 0.7, 0.9])).toBeCloseTo(0.08 / 3, 12);
    expect(variance([4])).toBe(0);
    expect(variance([])).toBeNull();
    expect(mean([])).toBeNull();
  });

  it("divides safely", () => {
    expect(safeRatio(6, 3)).toBe(2);
    expect(safeRatio(6, 0)).toBeNull();
    expect(safeRatio(null, 3)).toBeNull();
  });
});

describe("varianceSplit", () => {
  it("averages within-group variances and skips groups with one member", () => {
    const cells = [
      // harness h1: models a, b -> rates 0.9, 0.5: variance 0.04
      { harness: "h1", model: "a", value: 0.9 },
      { harness: "h1", model: "b", value: 0.5 },
      // harness h2: models a, b, c -> 0.8, 0.4, 0.6: mean 0.6, variance (0.04 + 0.04 + 0) / 3
      { harness: "h2", model: "a", value: 0.8 },
      { harness: "h2", model: "b", value: 0.4 },
      { harness: "h2", model: "c", value: 0.6 },
    ];
    const v = varianceSplit(cells);
    const acrossModels = (0.04 + 0.08 / 3) / 2;
    expect(v.acrossModels.meanVariance).toBeCloseTo(acrossModels, 12);
    expect(v.acrossModels.groups.map((g) => g.group)).toEqual(["h1", "h2"]);
    // model a: 0.9, 0.8 -> variance 0.0025; model b: 0.5, 0.4 -> 0.0025; model c has one harness: skipped
    expect(v.acrossHarnesses.meanVariance).toBeCloseTo(0.0025, 12);
    expect(v.acrossHarnesses.groups.map((g) => g.group)).toEqual(["a", "b"]);
    expect(v.ratio).toBeCloseTo(acrossModels / 0.0025, 9);
  });

  it("has no ratio without two harnesses for some model", () => {
    const v = varianceSplit([
      { harness: "h1", model: "a", value: 0.9 },
      { harness: "h1", model: "b", value: 0.5 },
    ]);
    expect(v.acrossModels.meanVariance).toBeCloseTo(0.04, 12);
    expect(v.acrossHarnesses.meanVariance).toBeNull();
    expect(v.ratio).toBeNull();
  });
});
