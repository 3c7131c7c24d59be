// Shapes of the runs list (GET /api/v1/runs): roots with their roll-ups.
import { z } from "zod";
import { jobSummarySchema, jobsQuerySchema, SORT_DIRS } from "@/lib/jobs/schemas";
import { RUN_STATUSES } from "./rollup";

export const runsQuerySchema = jobsQuerySchema
  .pick({
    project: true,
    agent: true,
    model: true,
    harness: true,
    trigger: true,
    schedule: true,
    range: true,
    from: true,
    to: true,
    cursor: true,
    limit: true,
  })
  .extend({
    step: z
      .string()
      .max(200)
      .optional()
      .describe("Only runs with a job of this step; the other filters apply to the run's root job"),
    range: jobsQuerySchema.shape.range.describe("Only runs whose root started in this window"),
    dir: z
      .enum(SORT_DIRS)
      .default("desc")
      .describe("By the root's start: newest first (desc) or oldest first"),
  });
export type RunsQuery = z.infer<typeof runsQuerySchema>;

const iso = z.string().describe("RFC 3339 time");

export const runSummarySchema = z.object({
  root: jobSummarySchema.describe("The run's root job"),
  status: z
    .enum(RUN_STATUSES)
    .describe(
      "running while any job is queued or running; else failed when the last attempt of any job failed " +
        "(a failure a retry made good does not count); else cancelled when one was; else succeeded",
    ),
  jobs: z.number().describe("Jobs in the run: the root, children at any depth, retries"),
  failures: z.number().describe("Failed jobs, retried ones included"),
  cost_usd: z.number().nullable().describe("Sum of the jobs' known costs; null when none is known"),
  tokens: z.number().describe("Input, output and cache tokens of every job"),
  started_at: iso.describe("The first start among its jobs"),
  ended_at: iso.nullable().describe("The last end among its jobs; null while it runs"),
  duration_ms: z.number().nullable().describe("From first start to last end"),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runsPageSchema = z.object({
  runs: z.array(runSummarySchema),
  next_cursor: z.string().nullable().describe("Pass as cursor to get the next page; null on the last page"),
});
export type RunsPage = z.infer<typeof runsPageSchema>;
