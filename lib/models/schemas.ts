// Shapes of the models read API (matrix, variance, compare), shared by the routes, the OpenAPI document and the UI.
import { z } from "zod";
import { rangeQuerySchema } from "@/lib/range/range";

const project = z
  .string()
  .optional()
  .describe("Project slug (session auth only; a key is bound to its project)");
const format = z.enum(["json", "csv"]).default("json").describe("csv: a file to download");

export const modelsQuerySchema = rangeQuerySchema.extend({
  project,
  format,
  table: z
    .enum(["cells", "variance"])
    .default("cells")
    .describe("With format=csv: the matrix cells or the variance figures"),
});
export type ModelsQuery = z.infer<typeof modelsQuerySchema>;

export const MATCH_PATTERN = /^(repo|none|label:[A-Za-z0-9_.-]{1,64})$/;

export const compareQuerySchema = rangeQuerySchema.extend({
  project,
  format,
  dimension: z
    .enum(["model", "harness"])
    .default("model")
    .describe("Compare two models, or two harnesses (name, or name@version for one version)"),
  a: z.string().trim().min(1).max(200).describe("First model, or harness[@version]"),
  b: z.string().trim().min(1).max(200).describe("Second model, or harness[@version]"),
  match: z
    .string()
    .regex(MATCH_PATTERN, "match must be repo, none or label:<key>")
    .default("repo")
    .describe(
      "Same kind of work: repo (only repos both sides worked on in the range), label:<key> (only values of that label both sides had), or none",
    ),
});
export type CompareQuery = z.infer<typeof compareQuerySchema>;

const ms = z.number().nullable();
const usd = z.number().nullable();

export const ciSchema = z
  .object({ low: z.number(), high: z.number() })
  .nullable()
  .describe("Wilson 95% interval of the success rate");

/** Outcome, time, cost and score figures of a set of jobs (a matrix cell, or one side of a comparison). */
export const figuresSchema = z.object({
  jobs: z.number().describe("Jobs started in the range"),
  finished: z.number().describe("Succeeded + failed (the jobs with an outcome)"),
  succeeded: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  unfinished: z.number().describe("Queued or running"),
  success_rate: z.number().nullable().describe("succeeded / finished"),
  success_ci: ciSchema,
  duration_p50_ms: ms.describe("Median duration of the finished jobs"),
  duration_p90_ms: ms.describe("90th percentile duration of the finished jobs"),
  spend_usd: usd.describe("What the jobs cost (all of them, failed ones included)"),
  unpriced_jobs: z.number().describe("Jobs with usage whose cost is unknown (no reported cost, no price)"),
  cost_per_job_usd: usd.describe("spend / jobs"),
  cost_per_success_usd: usd.describe("spend / succeeded: what one success costs, waste included"),
  mean_score: z.number().nullable().describe("Mean job score, where runners report one"),
  scored_jobs: z.number(),
  failure_classes: z
    .array(z.object({ failure_class: z.string(), count: z.number() }))
    .describe("Failed jobs by failure class, most first"),
});
export type Figures = z.infer<typeof figuresSchema>;

export const cellSchema = figuresSchema.extend({
  model: z.string(),
  harness: z.string(),
  enough_data: z.boolean().describe("At least min_finished finished jobs: ranked and used for variance"),
  rank_success: z.number().nullable().describe("1 = highest success rate among cells with enough data"),
  rank_cost: z.number().nullable().describe("1 = cheapest success among cells with enough data"),
});
export type Cell = z.infer<typeof cellSchema>;

const spreadSchema = z.object({
  mean_variance: z.number().nullable(),
  sd: z.number().nullable().describe("Square root of mean_variance, in the metric's unit"),
  groups: z.array(z.object({ group: z.string(), members: z.number(), variance: z.number() })),
});

export const varianceFigureSchema = z.object({
  cells: z.number().describe("Cells that took part"),
  across_models: spreadSchema.describe(
    "Mean over harnesses (with 2+ models) of the variance across models within the harness",
  ),
  across_harnesses: spreadSchema.describe(
    "Mean over models (with 2+ harnesses) of the variance across harnesses within the model",
  ),
  ratio: z.number().nullable().describe("across_models / across_harnesses"),
});
export type VarianceFigureView = z.infer<typeof varianceFigureSchema>;

const rangeViewSchema = z.object({
  kind: z.string(),
  from: z.string(),
  to: z.string(),
});

export const modelsResponseSchema = z.object({
  range: rangeViewSchema,
  min_finished: z.number(),
  models: z.array(z.string()).describe("Models in the matrix, most jobs first"),
  harnesses: z.array(z.string()).describe("Harnesses in the matrix, most jobs first"),
  cells: z.array(cellSchema),
  excluded_jobs: z.number().describe("Jobs in the range without a model or a harness"),
  truncated: z.boolean().describe("More cells than the matrix shows (the ones with the most jobs are kept)"),
  variance: z.object({
    definition: z.string(),
    success_rate: varianceFigureSchema,
    cost_per_success: varianceFigureSchema,
  }),
});
export type ModelsResponse = z.infer<typeof modelsResponseSchema>;

export const compareSideSchema = figuresSchema.extend({
  value: z.string(),
  jobs_in_range: z.number().describe("All of this side's jobs in the range, shared work or not"),
});
export type CompareSide = z.infer<typeof compareSideSchema>;

export const compareResponseSchema = z.object({
  range: rangeViewSchema,
  dimension: z.enum(["model", "harness"]),
  match: z.string(),
  shared_keys: z.number().describe("Repos (or label values) both sides worked on in the range"),
  a: compareSideSchema,
  b: compareSideSchema,
  success_rate_difference: z.number().nullable().describe("a - b"),
  intervals_overlap: z
    .boolean()
    .nullable()
    .describe("Whether the two Wilson intervals overlap (if so the difference may be noise)"),
  keys: z
    .array(
      z.object({
        key: z.string(),
        a: z.object({ jobs: z.number(), finished: z.number(), succeeded: z.number() }),
        b: z.object({ jobs: z.number(), finished: z.number(), succeeded: z.number() }),
      }),
    )
    .describe("The shared repos (or label values) with the most jobs (at most 20)"),
});
export type CompareResponse = z.infer<typeof compareResponseSchema>;

export const modelFacetsSchema = z.object({
  models: z.array(z.string()),
  harnesses: z.array(z.string()).describe("Harness names, and name@version for each version seen"),
  label_keys: z.array(z.string()),
});
export type ModelFacets = z.infer<typeof modelFacetsSchema>;
