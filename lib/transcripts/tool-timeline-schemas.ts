// The tool-call timeline's shape (GET /api/v1/jobs/{id}/timeline and the job page's Timeline), in zod so the
// route's tests and the OpenAPI document read the same definition.
import { z } from "zod";

export const toolCallStatusSchema = z
  .enum(["ok", "error", "running", "no_result"])
  .describe(
    "ok / error: answered; running: open in a running job; no_result: the job ended without an answer",
  );

export const toolTimelineCallSchema = z.object({
  id: z.string().describe("The tool_call entry's id (the transcript anchor #entry-<id>)"),
  call_id: z.string().nullable(),
  tool: z.string(),
  branch: z.string().nullable().describe("Sub-agent branch the call was made in (null: the main thread)"),
  start: z.string().describe("The tool_call's time (RFC 3339)"),
  end: z
    .string()
    .nullable()
    .describe(
      "start + the result's duration_ms when reported, else the result's time; with no result, the job's end " +
        "(no_result) or null (running)",
    ),
  duration_ms: z.number().nullable().describe("end - start for an answered call, else null"),
  status: toolCallStatusSchema,
  is_error: z.boolean(),
  result_id: z.string().nullable().describe("The tool_result entry's id, when there is one"),
});

export const toolTimelineSchema = z.object({
  job_id: z.string(),
  calls: z.array(toolTimelineCallSchema).describe("In transcript order"),
  truncated: z.boolean().describe("true when the job has more calls than the 5,000 returned"),
});

export type ToolTimelineCall = z.infer<typeof toolTimelineCallSchema>;
export type ToolCallStatus = z.infer<typeof toolCallStatusSchema>;
export type ToolTimeline = z.infer<typeof toolTimelineSchema>;
