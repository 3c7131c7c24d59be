// Statistics of the model x harness comparison. Pure: no database, no I/O.

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Cells with fewer finished jobs than this are shown but marked, and never ranked or used for variance. */
export const MIN_FINISHED = 10;

/**
 * Wilson score interval of a proportion (successes out of n). Unlike the normal approximation it stays inside
 * [0, 1] and behaves at 0% and 100%. Null when n is 0.
 */
export function wilson(successes: number, n: number, z = Z95): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // exactly 0 and 1 at the ends (floating point would give 1e-17 and 0.9999999999999999)
  return {
    low: successes <= 0 ? 0 : Math.max(0, centre - half),
    high: successes >= n ? 1 : Math.min(1, centre + half),
  };
}

export function mean(xs: number[]): number | null {
  if (xs.length === 0) return null;
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Population variance: the mean squared deviation from the mean. Null for an empty list. */
export function variance(xs: number[]): number | null {
  const m = mean(xs);
  if (m === null) return null;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
}

export type SpreadGroup = { group: string; values: { member: string; value: number }[] };

export type Spread = {
  /** Mean over groups (with at least 2 members) of the variance within each group. */
  meanVariance: number | null;
  /** Groups that took part (those with 2 or more members). */
  groups: { group: string; members: number; variance: number }[];
};

/** Mean of within-group variances over the groups that have at least two members. */
export function meanWithinGroupVariance(groups: SpreadGroup[]): Spread {
  const used = groups
    .filter((g) => g.values.length >= 2)
    .map((g) => ({
      group: g.group,
      members: g.values.length,
      variance: variance(g.values.map((v) => v.value)) as number,
    }));
  return { meanVariance: mean(used.map((g) => g.variance)), groups: used };
}

export type VarianceFigure = {
  /** Mean over harnesses of the variance across models within that harness. */
  acrossModels: Spread;
  /** Mean over models of the variance across harnesses within that model. */
  acrossHarnesses: Spread;
  /** acrossModels / acrossHarnesses; null when either is missing or the second is 0. */
  ratio: number | null;
};

/**
 * How much a metric spreads across models (for the same harness) against across harnesses (for the same model).
 * `cells` must already be restricted to cells with enough data and a defined value.
 */
export function varianceSplit(cells: { model: string; harness: string; value: number }[]): VarianceFigure {
  const byHarness = new Map<string, SpreadGroup>();
  const byModel = new Map<string, SpreadGroup>();
  for (const c of cells) {
    const h = byHarness.get(c.harness) ?? { group: c.harness, values: [] };
    h.values.push({ member: c.model, value: c.value });
    byHarness.set(c.harness, h);
    const m = byModel.get(c.model) ?? { group: c.model, values: [] };
    m.values.push({ member: c.harness, value: c.value });
    byModel.set(c.model, m);
  }
  const sorted = (m: Map<string, SpreadGroup>) =>
    [...m.values()].sort((a, b) => a.group.localeCompare(b.group));
  const acrossModels = meanWithinGroupVariance(sorted(byHarness));
  const acrossHarnesses = meanWithinGroupVariance(sorted(byModel));
  const a = acrossModels.meanVariance;
  const b = acrossHarnesses.meanVariance;
  return { acrossModels, acrossHarnesses, ratio: a !== null && b !== null && b > 0 ? a / b : null };
}

/** a / b, or null when b is 0 or either is missing. */
export function safeRatio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/**
 * PostgreSQL's percentile_cont(p) over ascending `sorted` values, computed the way it does (orderedsetaggs.c):
 * the position h = p * (n - 1); the value at floor(h) when h is whole, else lo + (h - floor(h)) * (hi - lo) in
 * float8. The same doubles in the same operations: the same result to the bit. Null for no values.
 */
export function percentileCont(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = p * (n - 1);
  const first = Math.floor(h);
  const second = Math.ceil(h);
  const lo = sorted[first] as number;
  if (first === second) return lo;
  return lo + (h - first) * ((sorted[second] as number) - lo);
}
