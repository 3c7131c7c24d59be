// Shapes of the costs read API and the Costs page, shared by the routes, the OpenAPI document and the UI.
import { z } from "zod";
import {
  BUCKETS,
  InvalidRangeError,
  type RangeQuery,
  rangeQuerySchema,
  resolveRange,
} from "@/lib/range/range";

export const COST_GROUPS = ["model", "agent", "harness", "project"] as const;
export type CostGroup = (typeof COST_GROUPS)[number];
export const COST_GROUP_LABELS: Record<CostGroup, string> = {
  model: "Model",
  agent: "Agent",
  harness: "Harness",
  project: "Project",
};

const filterField = (what: string) =>
  z.string().trim().min(1).max(200).optional().describe(`Only usage of this ${what}`);

/** A custom range must resolve (a start before its end, at most 400 days): a 400 otherwise. */
function validRange(q: RangeQuery, ctx: z.RefinementCtx) {
  try {
    resolveRange(q);
  } catch (e) {
    if (!(e instanceof InvalidRangeError)) throw e;
    ctx.addIssue({ code: "custom", message: e.message, path: ["from"] });
  }
}

const costsQueryObject = rangeQuerySchema.extend({
  project: z.string().optional().describe("Project slug (session auth only; a key is bound to its project)"),
  group_by: z
    .enum(COST_GROUPS)
    .default("model")
    .describe(
      "Split totals and series by this. project: every project the caller can see (a key: its own project)",
    ),
  bucket: z
    .enum(BUCKETS)
    .optional()
    .describe("Series bucket (UTC hours, days, weeks from Monday); default from the range's length"),
  agent: filterField("agent"),
  model: filterField("model"),
  harness: filterField("harness"),
});

/** Query of GET /api/v1/costs (and the filters the Costs page keeps in its URL). */
export const costsQuerySchema = costsQueryObject.superRefine(validRange);
export type CostsQuery = z.infer<typeof costsQuerySchema>;

/** Query of GET /api/v1/costs/jobs: the same range and filters (grouping does not apply). */
export const costJobsQuerySchema = costsQueryObject
  .omit({ group_by: true, bucket: true })
  .superRefine(validRange);
export type CostJobsQuery = z.infer<typeof costJobsQuerySchema>;

const usd = z.number().describe("US dollars");
const iso = z.string().describe("RFC 3339 time");

export const usageFiguresSchema = z.object({
  cost_usd: usd.describe(
    "Spend in range: what the usage of the UTC hours the range touches cost, the runner's cost_usd when reported, else the price table's",
  ),
  reported_cost_usd: usd.describe("Sum of cost_usd reported by runners (part of cost_usd)"),
  computed_cost_usd: usd.describe(
    "Sum of the price table's cost of every priced usage, reported ones included (kept to compare): the part of cost_usd priced from the table is cost_usd - reported_cost_usd",
  ),
  input_tokens: z.number().describe("Input tokens, cached tokens excluded"),
  output_tokens: z.number(),
  cache_read_tokens: z.number(),
  cache_write_tokens: z.number(),
  usage_events: z.number(),
  unpriced_events: z
    .number()
    .describe("Usage events with neither a reported cost nor a price: their cost is unknown, not zero"),
});
export type UsageFigures = z.infer<typeof usageFiguresSchema>;

export const cacheHitRate = z
  .number()
  .nullable()
  .describe("cache_read / (input + cache_read + cache_write); null without input");

export const costsReportSchema = z.object({
  range: z.object({ from: iso, to: iso, bucket: z.enum(BUCKETS) }),
  group_by: z.enum(COST_GROUPS),
  projects: z.array(z.string()).describe("Slugs of the projects the figures cover"),
  totals: usageFiguresSchema.extend({
    cache_hit_rate: cacheHitRate,
    unpriced_models: z
      .array(z.object({ model: z.string(), events: z.number() }))
      .describe("Models whose usage could not be priced, most events first"),
  }),
  groups: z
    .array(usageFiguresSchema.extend({ key: z.string(), cache_hit_rate: cacheHitRate }))
    .describe('Totals per group, highest cost first (key "" is an unknown agent or harness)'),
  series: z
    .array(
      z.object({
        key: z.string(),
        points: z.array(usageFiguresSchema.extend({ bucket: iso })),
      }),
    )
    .describe("Per group, one point per bucket that had usage (a bucket absent had none)"),
  month_to_date: z
    .object({
      month: z.string().describe("YYYY-MM (UTC)"),
      cost_usd: usd,
      days_elapsed: z.number().describe("Days of the month gone by, fractional"),
      days_in_month: z.number(),
      daily_rate_usd: usd.describe("cost_usd / days_elapsed"),
      forecast_usd: usd.describe("daily_rate_usd x days_in_month: linear on the month's daily run rate"),
    })
    .describe(
      "The current calendar month in the project's time zone (UTC across projects), whatever the range (the filters apply)",
    ),
});
export type CostsReport = z.infer<typeof costsReportSchema>;

export const costJobSchema = z.object({
  id: z.string(),
  external_id: z.string(),
  title: z.string().nullable(),
  status: z.string(),
  agent: z.string().nullable(),
  model: z.string().nullable(),
  harness: z.string().nullable(),
  trigger: z.string().nullable(),
  retry: z.boolean().describe('trigger "retry" or a retry_of label'),
  started_at: iso.nullable(),
  cost_usd: usd.nullable(),
  unpriced_usage_events: z.number(),
});
export type CostJob = z.infer<typeof costJobSchema>;

export const outcomeRowSchema = z.object({
  key: z.string().describe('The model or agent ("" when unknown)'),
  jobs: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  retries: z.number(),
  cost_usd: usd.describe("Whole cost of every job started in the range (usage outside the range included)"),
  succeeded_cost_usd: usd,
  cost_per_success_usd: usd.nullable().describe("Spend of succeeded jobs / succeeded jobs"),
  all_in_cost_per_success_usd: usd.nullable().describe("Spend of every job / succeeded jobs"),
  wasted_usd: usd.describe("failed_usd + cancelled_usd + retry_usd"),
  failed_usd: usd,
  cancelled_usd: usd,
  retry_usd: usd.describe("Retries that did not fail or get cancelled (those count as failed or cancelled)"),
});
export type OutcomeRow = z.infer<typeof outcomeRowSchema>;

export const costJobsReportSchema = z.object({
  range: z.object({ from: iso, to: iso }),
  top_jobs: z.array(costJobSchema).describe("Jobs started in the range, highest cost first (at most 10)"),
  totals: outcomeRowSchema.omit({ key: true }),
  by_model: z.array(outcomeRowSchema),
  by_agent: z.array(outcomeRowSchema),
});
export type CostJobsReport = z.infer<typeof costJobsReportSchema>;
