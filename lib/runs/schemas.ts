// Shapes of a run (a root job and everything under it), shared by GET /api/v1/runs/{id}, the OpenAPI document
// and the run view of the job page.
import { z } from "zod";
import { JOB_STATUSES } from "@/db/schema";

/** A run stops growing here; the view and the API say it was cut (truncated). */
export const RUN_JOB_LIMIT = 2000;

const iso = z.string().describe("RFC 3339 time");

export const tokensSchema = z.object({
  input: z.number(),
  output: z.number(),
  cache_read: z.number(),
  cache_write: z.number(),
});
export type Tokens = z.infer<typeof tokensSchema>;

export const rollupSchema = z.object({
  cost_usd: z.number().nullable().describe("Sum of the jobs' known costs; null when no job has a cost"),
  tokens: tokensSchema,
  jobs: z.number().describe("Jobs reported (placeholders not counted)"),
  failures: z.number().describe("Jobs that failed"),
  running: z.number().describe("Jobs still running"),
});
export type Rollup = z.infer<typeof rollupSchema>;

const jobRefSchema = z.object({ id: z.string(), external_id: z.string() });

export const runNodeSchema = z.object({
  external_id: z.string().describe("The runner's job id (a placeholder's: the id its children name)"),
  id: z.string().nullable().describe("Fleetwatch's job id; null for a placeholder"),
  placeholder: z
    .boolean()
    .describe("A job that other jobs name (parent_job, root_job) but that is not reported yet"),
  parent_external_id: z
    .string()
    .nullable()
    .describe("The node this one sits under in the tree (a retry sits next to the job it retries)"),
  depth: z.number().describe("0 for the top of the tree"),
  title: z.string().nullable(),
  agent: z.string().nullable(),
  model: z.string().nullable(),
  step: z.string().nullable(),
  status: z.enum(JOB_STATUSES).nullable(),
  started_at: iso.nullable(),
  ended_at: iso.nullable(),
  duration_ms: z.number().nullable(),
  cost_usd: z.number().nullable(),
  tokens: tokensSchema,
  attempt: z
    .object({
      n: z.number(),
      of: z.number(),
      previous: jobRefSchema.nullable(),
      next: jobRefSchema.nullable(),
    })
    .nullable()
    .describe("For a job in a retry chain (retry_of): attempt n of the chain's attempts"),
  children: z.number().describe("Nodes directly under this one"),
  subtree: rollupSchema.describe("This node and everything under it"),
});
export type RunNode = z.infer<typeof runNodeSchema>;

export const runSchema = z.object({
  root_external_id: z.string().describe("The run's root job (runner's id)"),
  root_id: z.string().nullable().describe("Fleetwatch's id of the root; null while it is not reported"),
  job_external_id: z.string().describe("The job the run was asked for"),
  nodes: z.array(runNodeSchema).describe("The tree in display order (depth first); each node once"),
  totals: rollupSchema.describe("The whole run"),
  truncated: z
    .boolean()
    .describe(`True when the run holds more than ${RUN_JOB_LIMIT} jobs: the rest is left out`),
  job_limit: z.number(),
});
export type Run = z.infer<typeof runSchema>;

/** One job as the tree builder needs it (lib/runs/queries.ts reads these). */
export type RunJob = {
  id: string;
  external_id: string;
  parent: string | null;
  root: string | null;
  retry_of: string | null;
  title: string | null;
  agent: string | null;
  model: string | null;
  step: string | null;
  status: (typeof JOB_STATUSES)[number];
  started_at: string | null;
  ended_at: string | null;
  /** started, else queued, else first event: the order of siblings */
  sort_at: string;
  duration_ms: number | null;
  cost_usd: number | null;
  tokens: Tokens;
};
