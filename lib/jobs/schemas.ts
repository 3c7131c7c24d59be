// Shapes of the jobs read API and the jobs page, shared by the routes, the OpenAPI document and the UI.
import { z } from "zod";
import { JOB_STATUSES } from "@/db/schema";
import { RANGE_KINDS, rangeQuerySchema } from "@/lib/range/range";

/** The jobs list takes the shared range (lib/range) and "all". */
export const JOB_RANGES = [...RANGE_KINDS, "all"] as const;
export type JobRange = (typeof JOB_RANGES)[number];

/** The jobs page lists jobs, or runs (roots with their runs rolled up). */
export const JOB_VIEWS = ["jobs", "runs"] as const;
export type JobView = (typeof JOB_VIEWS)[number];

export const JOB_STATUS_FILTERS = [...JOB_STATUSES, "stalled"] as const;

/** The columns the list sorts by (lib/jobs/sort.ts says how), newest first by default. */
export const JOB_SORTS = [
  "started",
  "status",
  "title",
  "agent",
  "model",
  "harness",
  "duration",
  "cost",
] as const;
export type JobSort = (typeof JOB_SORTS)[number];
export const SORT_DIRS = ["asc", "desc"] as const;
export type SortDir = (typeof SORT_DIRS)[number];
export const DEFAULT_SORT: JobSort = "started";
export const DEFAULT_DIR: SortDir = "desc";

export const jobsQuerySchema = z.object({
  project: z.string().optional().describe("Project slug (session auth only; a key is bound to its project)"),
  status: z.enum(JOB_STATUS_FILTERS).optional(),
  agent: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  harness: z.string().max(200).optional(),
  trigger: z
    .string()
    .max(200)
    .optional()
    .describe("Trigger kind: cron, chat, webhook, manual, api, pipeline, …"),
  schedule: z
    .string()
    .max(200)
    .optional()
    .describe("A schedule: its name (trigger.name) or its cron expression (trigger.schedule)"),
  step: z
    .string()
    .max(200)
    .optional()
    .describe('The job\'s step in its run ("write", "review:gpt-5", "fix")'),
  run: z
    .uuid()
    .optional()
    .describe("Only the jobs of this run: Fleetwatch's id of its root job (the root, its children, retries)"),
  pipeline: z
    .string()
    .max(2000)
    .optional()
    .describe('Only jobs of runs of this pipeline: its steps joined by " → " (GET /api/v1/pipelines, key)'),
  range: z
    .enum(JOB_RANGES)
    .default("7d")
    .describe("Only jobs active in this window: a preset before now, custom (from/to), or all"),
  from: rangeQuerySchema.shape.from,
  to: rangeQuerySchema.shape.to,
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Full-text search in transcripts (web search syntax: words, "phrases", -exclusions)'),
  sort: z
    .enum(JOB_SORTS)
    .default(DEFAULT_SORT)
    .describe(
      "Column to sort by: started (start, else queued, else first event), status, title (else the runner's " +
        "job id), agent, model, harness, duration or cost. Ties are broken by id; jobs without the value " +
        "(no agent, model, harness, duration or cost) come last in either direction. A transcript search " +
        "lists its jobs by started, newest first, only",
    ),
  dir: z.enum(SORT_DIRS).default(DEFAULT_DIR).describe("Sort direction"),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .describe("next_cursor of the previous page, with the same filters, sort and dir"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type JobsQuery = z.infer<typeof jobsQuerySchema>;

const iso = z.string().describe("RFC 3339 time");

export const jobSummarySchema = z.object({
  id: z.string().describe("Fleetwatch's id of the job"),
  external_id: z.string().describe("The runner's job id"),
  title: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  stalled: z.boolean().describe("Running with no event for longer than the project's stall time"),
  agent: z.string().nullable(),
  model: z.string().nullable(),
  harness: z.string().nullable(),
  harness_version: z.string().nullable(),
  started_at: iso.nullable(),
  ended_at: iso.nullable(),
  last_event_at: iso,
  duration_ms: z.number().nullable(),
  error_message: z.string().nullable(),
  cost_usd: z
    .number()
    .nullable()
    .describe(
      "What the job cost: per usage event the reported cost, else the price table's; null when unknown",
    ),
  event_count: z.number(),
  parent_job: z.string().nullable().describe("The runner's id of the job that started this one"),
  retry_of: z.string().nullable().describe("The runner's id of the job this one retries"),
  attempt: z
    .number()
    .nullable()
    .describe("For a retry: its attempt number (2 retries the first job; the chain is followed 10 deep)"),
  step: z.string().nullable().describe('Its step in its run ("write", "review:gpt-5")'),
  trigger: z
    .string()
    .nullable()
    .describe("How it was started: cron, chat, webhook, manual, api, pipeline, …"),
  schedule: z
    .string()
    .nullable()
    .describe("The schedule that started it: its name, else its cron expression"),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobsPageSchema = z.object({
  jobs: z.array(jobSummarySchema),
  total: z
    .number()
    .nullable()
    .describe(
      "How many jobs match the filters (all pages, whatever the cursor), counted up to 10,000 " +
        "(see total_capped); null with a transcript search, which stops at the page it needs",
    ),
  total_capped: z
    .boolean()
    .describe("True when more than 10,000 jobs match: total is then 10,000, a lower bound"),
  next_cursor: z.string().nullable().describe("Pass as cursor to get the next page; null on the last page"),
});
export type JobsPage = z.infer<typeof jobsPageSchema>;

export const jobEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  time: iso,
  seq: z.number().nullable(),
  agent: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const jobDetailSchema = jobSummarySchema.extend({
  trigger: z.string().nullable(),
  parent_job: z.string().nullable(),
  repo: z.string().nullable(),
  branch: z.string().nullable(),
  labels: z.union([z.record(z.string(), z.string()), z.array(z.string())]).nullable(),
  queued_at: iso.nullable(),
  first_event_at: iso,
  summary: z.string().nullable(),
  score: z.number().nullable(),
  artifacts: z
    .array(z.object({ kind: z.string(), url: z.string().optional(), title: z.string().optional() }))
    .nullable(),
  error: z.record(z.string(), z.unknown()).nullable(),
  retryable: z.boolean().nullable(),
  cancel_reason: z.string().nullable(),
  tokens: z.object({
    input: z.number(),
    output: z.number(),
    cache_read: z.number(),
    cache_write: z.number(),
  }),
  reported_cost_usd: z.number().nullable().describe("Sum of cost_usd the runner reported"),
  computed_cost_usd: z
    .number()
    .nullable()
    .describe("Cost from the price table (usage whose model has a price)"),
  unpriced_usage_events: z
    .number()
    .describe("Usage events with neither a reported cost nor a price: cost_usd leaves them out"),
  redaction_count: z.number(),
  failure_class: z.string().nullable().describe("Failure class of a failed job"),
  failure_issue_id: z.string().nullable().describe("The failure issue it belongs to"),
  events: z.array(jobEventSchema).describe("The job's events in order (the first 500)"),
  events_truncated: z.boolean(),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

export const abandonInputSchema = z
  .object({
    note: z
      .string()
      .trim()
      .min(1, "Say why the job is abandoned (or leave the note out for the default one).")
      .max(500, "Keep the note under 500 characters.")
      .optional()
      .describe(
        'Why, in a few words; the reason stored is "abandoned by <who>: <note>", by default "no event for N min"',
      ),
  })
  .strict();
export type AbandonInput = z.infer<typeof abandonInputSchema>;

export const abandonResponseSchema = z.object({
  job: jobSummarySchema.describe("The job as it is now: cancelled"),
  reason: z.string().describe("The cancel reason stored: who abandoned it, and why"),
  event_id: z.string().describe("The job.cancelled event that ended it (<job>:abandoned)"),
});
