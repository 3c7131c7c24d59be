// The costs part of the OpenAPI document: spend, tokens and series, and what jobs cost per outcome.
import {
  costJobsQuerySchema,
  costJobsReportSchema,
  costsQuerySchema,
  costsReportSchema,
} from "@/lib/costs/schemas";
import { errors, queryParameters, schema } from "./helpers";

export function costsSchemas() {
  return {
    CostsReport: schema(costsReportSchema),
    CostJobsReport: schema(costJobsReportSchema),
  };
}

export function costsPaths() {
  return {
    "/api/v1/costs": {
      get: {
        summary:
          "Spend and tokens over a range: totals (reported, computed, cache hit rate, unpriced usage), per group and series by bucket, and month to date with a forecast",
        operationId: "getCosts",
        parameters: queryParameters(costsQuerySchema),
        responses: {
          "200": {
            description: "The costs report",
            content: { "application/json": { schema: { $ref: "#/components/schemas/CostsReport" } } },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/api/v1/costs/jobs": {
      get: {
        summary:
          "Jobs started in a range: the costliest, and per model and agent the cost per successful job and the wasted spend (failed, cancelled, retries)",
        operationId: "getCostJobs",
        parameters: queryParameters(costJobsQuerySchema),
        responses: {
          "200": {
            description: "Costs per outcome",
            content: { "application/json": { schema: { $ref: "#/components/schemas/CostJobsReport" } } },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
