// Shapes of GET /api/v1/pipelines, shared by the route, the OpenAPI document and the page.
import { z } from "zod";
import { rangeQuerySchema } from "@/lib/range/range";

export const pipelinesQuerySchema = rangeQuerySchema.extend({
  project: z.string().optional().describe("Project slug (session auth only; a key is bound to its project)"),
});
export type PipelinesQuery = z.infer<typeof pipelinesQuerySchema>;

const rate = z.number().min(0).max(1);

export const pipelineStepSchema = z.object({
  step: z.string(),
  jobs: z.number().describe("Jobs of this step, retries included"),
  succeeded: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  success_rate: rate.nullable().describe("succeeded / (succeeded + failed + cancelled), every attempt"),
  cost_usd: z.number().describe("What the step's jobs cost, retries included"),
  cost_per_run: z.number().nullable().describe("cost_usd over the runs that had the step"),
  sent_back: z
    .number()
    .describe("Runs in which this review step sent work back (a step that ran before it ran again after it)"),
});

export const pipelineSchema = z.object({
  key: z
    .string()
    .describe('Its steps in order of first start, joined by " → " (the jobs list\'s pipeline filter)'),
  steps: z.array(pipelineStepSchema),
  runs: z.number(),
  runs_by_status: z.object({
    running: z.number(),
    failed: z.number(),
    cancelled: z.number(),
    succeeded: z.number(),
  }),
  cost_usd: z.number().describe("Every run's cost"),
  cost_per_successful_run: z
    .number()
    .nullable()
    .describe("cost_usd (failed runs included) over the runs that succeeded; null when none did"),
  sent_back_runs: z.number().describe("Runs in which a review sent work back"),
  send_back_rate: rate.describe("sent_back_runs / runs"),
  failures: z
    .array(z.object({ step: z.string().nullable(), failure_class: z.string(), runs: z.number() }))
    .describe("Where failed runs failed: the failed last attempt's step and failure class, once per run"),
});

export const pipelinesReportSchema = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  runs_read: z.number().describe("Runs that started in the range and were read (newest first)"),
  runs_capped: z.boolean().describe("True when more runs started in the range than the report reads"),
  pipelines: z.array(pipelineSchema),
});
export type PipelinesReport = z.infer<typeof pipelinesReportSchema>;
export type PipelineView = z.infer<typeof pipelineSchema>;
