// The schedules part of the OpenAPI document: cron monitors with their expected runs and outcomes.
import { schedulesQuerySchema, schedulesResponseSchema } from "@/lib/schedules/schemas";
import { errors, queryParameters, schema } from "./helpers";

export function schedulesSchemas() {
  return { SchedulesPage: schema(schedulesResponseSchema) };
}

export function schedulesPaths() {
  return {
    "/api/v1/schedules": {
      get: {
        summary:
          "Every schedule (declared by runners through trigger {kind: cron, schedule} or in Settings) with its next run, its latest slots matched to jobs with their outcomes, and its on-time rate",
        operationId: "listSchedules",
        parameters: queryParameters(schedulesQuerySchema),
        responses: {
          "200": {
            description: "Schedules",
            content: { "application/json": { schema: { $ref: "#/components/schemas/SchedulesPage" } } },
          },
          ...errors(400, 401, 403),
        },
      },
    },
  };
}
