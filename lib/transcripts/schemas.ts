// Shapes of the transcript read API, shared by the route, the OpenAPI document and the viewer.
import { z } from "zod";
import { TRANSCRIPT_KINDS } from "@/db/schema";
import { RANGE_KINDS, rangeQuerySchema } from "@/lib/range/range";
import { transcriptRemovedSchema } from "@/lib/retention/schemas";

export const transcriptQuerySchema = z.object({
  project: z.string().optional().describe("Project slug (session auth only)"),
  cursor: z.string().max(500).optional().describe("next_cursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

export const usageSchema = z.object({
  model: z.string().nullable(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cache_read_tokens: z.number(),
  cache_write_tokens: z.number(),
  cost_usd: z.number().nullable().describe("As reported by the runner"),
  computed_cost_usd: z
    .number()
    .nullable()
    .describe("Priced by the console's price table (null: the model has no price)"),
  cost_source: z
    .enum(["reported", "computed", "unpriced"])
    .describe("Which figure the transcript counts: the runner's, the price table's, or none (unknown cost)"),
});
export type Usage = z.infer<typeof usageSchema>;

export const transcriptEntrySchema = z.object({
  id: z.string().describe("The event id; deep link: /jobs/{job}#entry-{id}"),
  time: z.string(),
  seq: z.number().nullable(),
  kind: z.enum(TRANSCRIPT_KINDS),
  role: z
    .string()
    .nullable()
    .describe(
      "Message role, log level, or for lifecycle entries: queued, started, completed, failed, cancelled",
    ),
  branch: z.string().nullable().describe("Sub-agent branch (null: main thread)"),
  branch_parent_call_id: z.string().nullable().describe("The tool call that started the branch"),
  call_id: z.string().nullable(),
  tool: z.string().nullable(),
  is_error: z.boolean().nullable(),
  text: z.string().nullable(),
  content: z
    .unknown()
    .describe("Structured content: message blocks, tool input or output, usage, lifecycle data"),
  truncated_from: z.number().nullable().describe("Original size in bytes of a truncated tool output"),
  usage: usageSchema.nullable().describe("Token counts and cost of a usage entry"),
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

export const transcriptPageSchema = z.object({
  job_id: z.string(),
  entries: z.array(transcriptEntrySchema),
  next_cursor: z.string().nullable(),
  end_cursor: z
    .string()
    .nullable()
    .describe("The cursor after this page's last entry: pass it later to get only the entries added since"),
  total: z.number().describe("Entries in the whole transcript"),
  removed: transcriptRemovedSchema,
});
export type TranscriptPage = z.infer<typeof transcriptPageSchema>;

export const transcriptSearchHitSchema = z.object({
  job_id: z.string(),
  job_title: z.string().nullable(),
  job_external_id: z.string(),
  entry_id: z.string(),
  kind: z.string(),
  time: z.string(),
  snippet: z.string().describe("Matching text with matches between « and »"),
});
export type TranscriptSearchHit = z.infer<typeof transcriptSearchHitSchema>;

export const searchQuerySchema = z.object({
  project: z.string().optional().describe("Project slug (session auth only)"),
  q: z.string().trim().min(1).max(200).describe('Web search syntax: words, "phrases", -exclusions'),
  range: z
    .enum([...RANGE_KINDS, "all"])
    .default("all")
    .describe("Only entries in this window: a preset before now, custom (from/to), or all"),
  from: rangeQuerySchema.shape.from,
  to: rangeQuerySchema.shape.to,
  cursor: z.string().max(500).optional().describe("next_cursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const searchResponseSchema = z.object({
  hits: z.array(transcriptSearchHitSchema).describe("Newest first"),
  next_cursor: z.string().nullable().describe("Pass as cursor to get the next page; null on the last page"),
});
