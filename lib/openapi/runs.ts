// The runs part of the OpenAPI document: a job's run as a tree with roll-ups.
import { runSchema } from "@/lib/runs/schemas";
import { errors, schema } from "./helpers";

export function runsSchemas() {
  return { Run: schema(runSchema) };
}

export function runsPaths() {
  return {
    "/api/v1/runs/{id}": {
      get: {
        summary: "The run a job belongs to: its root, every job under it, retries, and roll-ups",
        description:
          "The run's root is the job's root_job, else the top of its parent_job chain. The tree holds the root, " +
          "the jobs under it through parent_job, the jobs naming it in root_job, and retries (retry_of), each " +
          "next to the job it retries as attempt n of the chain. A job named by others but not reported yet is " +
          "a placeholder node. Nodes come in display order with their depth; each has the roll-up of its " +
          "subtree (cost, tokens, jobs, failures, running), and totals cover the run. A run stops at 2,000 jobs " +
          "(truncated). Any job of the run gives the same tree.",
        operationId: "getRun",
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "string" },
            description: "Fleetwatch's id or the runner's id of any job of the run",
          },
        ],
        responses: {
          "200": {
            description: "The run",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Run" } } },
          },
          ...errors(401, 403, 404),
        },
      },
    },
  };
}
