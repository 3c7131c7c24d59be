// The timeline part of the OpenAPI document: a job's tool calls with their durations.

import { z } from "zod";
import { toolTimelineSchema } from "@/lib/transcripts/tool-timeline-schemas";
import { errors, queryParameters, schema } from "./helpers";

const projectQuery = z.object({
  project: z.string().optional().describe("Project slug (session auth only)"),
});

export function timelineSchemas() {
  return { ToolTimeline: schema(toolTimelineSchema) };
}

export function timelinePaths() {
  return {
    "/api/v1/jobs/{id}/timeline": {
      get: {
        summary:
          "A job's tool calls as a timeline: start, end, duration and outcome of each, in transcript order",
        description:
          "Each call starts at its tool_call's time and ends at start + the duration_ms its tool_result reported, " +
          "else at the result's time (the first result with its call_id). A call with no result is `running` " +
          "(end null) while the job is queued or running, else `no_result`, drawn up to the job's end. At most " +
          "5,000 calls (`truncated` says when there are more).",
        operationId: "getToolTimeline",
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "string" },
            description: "Fleetwatch's job id or the runner's job id",
          },
          ...queryParameters(projectQuery),
        ],
        responses: {
          "200": {
            description: "The job's tool calls",
            content: { "application/json": { schema: { $ref: "#/components/schemas/ToolTimeline" } } },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
