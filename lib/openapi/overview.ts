// The overview and models part of the OpenAPI document: the fleet at a glance, the model x harness matrix with
// its variance figures, the comparison of two models or harnesses, and the Prometheus endpoint.
import {
  compareQuerySchema,
  compareResponseSchema,
  modelsQuerySchema,
  modelsResponseSchema,
} from "@/lib/models/schemas";
import { overviewQuerySchema, overviewSchema } from "@/lib/overview/schemas";
import { errors, queryParameters, schema } from "./helpers";

export function overviewSchemas() {
  return {
    Overview: schema(overviewSchema),
    ModelMatrix: schema(modelsResponseSchema),
    ModelComparison: schema(compareResponseSchema),
  };
}

const json = (ref: string, description: string) => ({
  description,
  content: {
    "application/json": { schema: { $ref: `#/components/schemas/${ref}` } },
    "text/csv": { schema: { type: "string" } },
  },
});

export function overviewPaths() {
  return {
    "/api/v1/overview": {
      get: {
        summary:
          "The fleet at a glance for a range: headline figures against the previous range, time series, needs attention",
        operationId: "getOverview",
        parameters: queryParameters(overviewQuerySchema),
        responses: {
          "200": json("Overview", "The overview (format=csv: the time series)"),
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/models": {
      get: {
        summary:
          "Model x harness matrix for a range (success rate with Wilson 95% interval, durations, cost, score, failure classes) and how much outcomes vary across models vs across harnesses",
        operationId: "getModelMatrix",
        parameters: queryParameters(modelsQuerySchema),
        responses: {
          "200": json(
            "ModelMatrix",
            "The matrix (format=csv: the cells, or the variance with table=variance)",
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/models/compare": {
      get: {
        summary:
          "Two models (or harnesses, or harness versions) side by side over the same kind of work (shared repos or label values)",
        operationId: "compareModels",
        parameters: queryParameters(compareQuerySchema),
        responses: { "200": json("ModelComparison", "The comparison"), ...errors(400, 401, 403) },
      },
    },
    "/api/metrics": {
      get: {
        summary:
          "Fleet gauges and counters in the Prometheus text format (version 0.0.4); see docs/metrics.md",
        operationId: "getMetrics",
        parameters: [
          {
            name: "project",
            in: "query",
            required: false,
            schema: { type: "string" },
            description:
              "Project slug for session auth. A key is bound to its project: another slug here gets 403.",
          },
        ],
        responses: {
          "200": {
            description: "Metrics",
            content: { "text/plain; version=0.0.4": { schema: { type: "string" } } },
          },
          ...errors(401, 403),
        },
      },
    },
  };
}
