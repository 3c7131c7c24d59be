// The runs list and pipelines part of the OpenAPI document: runs (roots with roll-ups) and pipelines (runs
// grouped by their steps).
import { pipelinesQuerySchema, pipelinesReportSchema } from "@/lib/pipelines/schemas";
import { runsPageSchema, runsQuerySchema } from "@/lib/runs-list/schemas";
import { errors, queryParameters, schema } from "./helpers";

const ref = (name: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${name}` } } });

export function pipelinesSchemas() {
  return {
    RunsPage: schema(runsPageSchema),
    PipelinesReport: schema(pipelinesReportSchema),
  };
}

export function pipelinesPaths() {
  return {
    "/api/v1/runs": {
      get: {
        summary: "List runs: root jobs with their rolled-up status, cost, tokens, job count and duration",
        description:
          "A run is a root job (no parent_job, no retry_of, no root_job or one naming itself) with every job " +
          "naming it in root_job and every job reaching those through parent_job or retry_of. A job whose " +
          "parent has not been reported yet is in no listed run until it is. Filters other than step apply " +
          "to the root; step keeps runs with a job of that step. Newest root first, cursor pagination. The " +
          "jobs of a run: GET /api/v1/jobs?run=<root id>.",
        operationId: "listRuns",
        parameters: queryParameters(runsQuerySchema),
        responses: {
          "200": { description: "A page of runs", content: ref("RunsPage") },
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/pipelines": {
      get: {
        summary:
          "Pipelines of the runs that started in a range: success per step, where runs fail, cost per step and per successful run, send-backs",
        description:
          "Runs with the same steps (distinct step names in order of first start; retries left out) form a " +
          "pipeline. A review step (review or review:<who>) sends work back when a step that ran before it " +
          "runs again after it. The report reads the newest 2,000 runs of the range (runs_capped says when " +
          "there were more).",
        operationId: "getPipelines",
        parameters: queryParameters(pipelinesQuerySchema),
        responses: {
          "200": { description: "The pipelines", content: ref("PipelinesReport") },
          ...errors(400, 401, 403),
        },
      },
    },
  };
}
