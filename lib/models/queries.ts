// Named queries of the model x harness comparison. Every function takes one params object with the project id.
// They read the job projection (one row per job), never the event log.
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { job } from "@/db/schema";
import type { ResolvedRange } from "@/lib/range/range";
import { rangeView } from "@/lib/range/resolve";
import { labelKeysIn } from "@/lib/rollups/label-keys";
import { emptyFigureRow, figureColumns, inRange, toFigures } from "./figures";
import type { Cell, ModelFacets, ModelsResponse, VarianceFigureView } from "./schemas";
import { MIN_FINISHED, type VarianceFigure, varianceSplit } from "./stats";

/** At most this many cells (the ones with the most jobs); a fleet rarely has more model x harness pairs. */
export const MAX_CELLS = 400;

export const VARIANCE_DEFINITION =
  `Only cells with at least ${MIN_FINISHED} finished jobs count. Across models: for each harness with 2 or more ` +
  "such models, the variance (mean squared deviation from the harness's mean) of the metric across its models; " +
  "then the mean of those variances over harnesses. Across harnesses: the same with the roles swapped (for each " +
  "model with 2 or more harnesses). Ratio = across models / across harnesses: above 1, the choice of model moves " +
  "the metric more than the choice of harness. Cost per success counts only cells with a success and no unpriced job.";

function rankBy(cells: Cell[], value: (c: Cell) => number | null, descending: boolean) {
  const ranked = cells
    .filter((c) => c.enough_data && value(c) !== null)
    .sort((x, y) => ((value(x) as number) - (value(y) as number)) * (descending ? -1 : 1));
  const ranks = new Map<Cell, number>();
  ranked.forEach((c, i) => {
    const prev = ranked[i - 1];
    ranks.set(c, prev && value(prev) === value(c) ? (ranks.get(prev) as number) : i + 1);
  });
  return ranks;
}

function toView(v: VarianceFigure, cells: number): VarianceFigureView {
  const spread = (s: VarianceFigure["acrossModels"]) => ({
    mean_variance: s.meanVariance,
    sd: s.meanVariance === null ? null : Math.sqrt(s.meanVariance),
    groups: s.groups,
  });
  return {
    cells,
    across_models: spread(v.acrossModels),
    across_harnesses: spread(v.acrossHarnesses),
    ratio: v.ratio,
  };
}

/** The variance view of a matrix: success rate and cost per success. */
export function varianceOf(cells: Cell[]): ModelsResponse["variance"] {
  const rate = cells
    .filter((c) => c.enough_data && c.success_rate !== null)
    .map((c) => ({ model: c.model, harness: c.harness, value: c.success_rate as number }));
  const cost = cells
    .filter((c) => c.enough_data && c.cost_per_success_usd !== null && c.unpriced_jobs === 0)
    .map((c) => ({ model: c.model, harness: c.harness, value: c.cost_per_success_usd as number }));
  return {
    definition: VARIANCE_DEFINITION,
    success_rate: toView(varianceSplit(rate), rate.length),
    cost_per_success: toView(varianceSplit(cost), cost.length),
  };
}

/** The model x harness matrix of the jobs started in the range, with the variance figures. */
export async function getModelMatrix({
  db,
  projectId,
  range,
}: {
  db: DbOrTx;
  projectId: string;
  range: ResolvedRange;
}): Promise<ModelsResponse> {
  const where = inRange(projectId, range);
  // independent: run together
  const [rows, classRows] = await Promise.all([
    db
      .select({ model: job.model, harness: job.harness, ...figureColumns })
      .from(job)
      .where(where)
      .groupBy(job.model, job.harness)
      .orderBy(desc(sql`count(*)`), asc(job.model), asc(job.harness)),
    db
      .select({
        model: job.model,
        harness: job.harness,
        cls: sql<string>`coalesce(${job.failureClass}, 'unknown')`,
        n: sql<number>`count(*)::int`,
      })
      .from(job)
      .where(and(where, eq(job.status, "failed"), isNotNull(job.model), isNotNull(job.harness)))
      .groupBy(job.model, job.harness, sql`3`),
  ]);
  const key = (m: string, h: string) => `${m}\u0000${h}`;
  const classes = new Map<string, { failure_class: string; count: number }[]>();
  for (const r of classRows) {
    const k = key(r.model as string, r.harness as string);
    classes.set(k, [...(classes.get(k) ?? []), { failure_class: r.cls, count: r.n }]);
  }
  const complete = rows.filter((r) => r.model !== null && r.harness !== null);
  const excluded = rows.filter((r) => r.model === null || r.harness === null).reduce((n, r) => n + r.jobs, 0);
  const cells: Cell[] = complete.slice(0, MAX_CELLS).map((r) => {
    const f = toFigures(
      { ...emptyFigureRow, ...r },
      classes.get(key(r.model as string, r.harness as string)),
    );
    return {
      model: r.model as string,
      harness: r.harness as string,
      ...f,
      enough_data: f.finished >= MIN_FINISHED,
      rank_success: null,
      rank_cost: null,
    };
  });
  const bySuccess = rankBy(cells, (c) => c.success_rate, true);
  const byCost = rankBy(cells, (c) => (c.unpriced_jobs === 0 ? c.cost_per_success_usd : null), false);
  for (const c of cells) {
    c.rank_success = bySuccess.get(c) ?? null;
    c.rank_cost = byCost.get(c) ?? null;
  }
  const order = (pick: (c: Cell) => string) => {
    const totals = new Map<string, number>();
    for (const c of cells) totals.set(pick(c), (totals.get(pick(c)) ?? 0) + c.jobs);
    return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
  };
  return {
    range: rangeView(range),
    min_finished: MIN_FINISHED,
    models: order((c) => c.model),
    harnesses: order((c) => c.harness),
    cells,
    excluded_jobs: excluded,
    truncated: complete.length > MAX_CELLS,
    variance: varianceOf(cells),
  };
}

/** Values for the compare form: models, harnesses (and name@version), label keys seen in the range. */
export async function getModelFacets({
  db,
  projectId,
  range,
}: {
  db: DbOrTx;
  projectId: string;
  range: ResolvedRange;
}): Promise<ModelFacets> {
  const where = inRange(projectId, range);
  const [models, harnesses, keys] = await Promise.all([
    db
      .selectDistinct({ v: job.model })
      .from(job)
      .where(and(where, isNotNull(job.model)))
      .orderBy(asc(job.model))
      .limit(200),
    db
      .selectDistinct({ h: job.harness, v: job.harnessVersion })
      .from(job)
      .where(and(where, isNotNull(job.harness)))
      .orderBy(asc(job.harness), asc(job.harnessVersion))
      .limit(300),
    // from the hourly label-key rollup (bounded by hours x keys, not by jobs): the same list as the distinct
    // keys of the range's jobs (lib/rollups/label-keys.ts reads the partial edge hours from job)
    labelKeysIn({ db, projectId, span: range, limit: 50 }),
  ]);
  const harnessValues = new Set<string>();
  for (const r of harnesses) {
    harnessValues.add(r.h as string);
    if (r.v) harnessValues.add(`${r.h}@${r.v}`);
  }
  return {
    models: models.map((r) => r.v as string),
    harnesses: [...harnessValues],
    label_keys: keys,
  };
}
