// The jobs part of the OpenAPI document that changes things: marking a stalled job abandoned.
import { abandonInputSchema, abandonResponseSchema } from "@/lib/jobs/schemas";
import { errors, schema } from "./helpers";

const ref = (name: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${name}` } } });

export function jobActionsSchemas() {
  return {
    AbandonJobInput: schema(abandonInputSchema, "input"),
    AbandonJobResult: schema(abandonResponseSchema),
  };
}

export function jobActionsPaths() {
  return {
    "/api/v1/jobs/{id}/abandon": {
      post: {
        summary:
          "Mark a stalled job abandoned: it ends as cancelled, with a reason naming who did it (triage)",
        description:
          "A session with the member role or above, or a key with the triage scope. Only a running job with no " +
          "event for longer than the project's stall time (409 otherwise). The job is closed by a job.cancelled " +
          "event at its last event's time (in its transcript and events), and the change is in the audit log. " +
          "A later event that does not end a job leaves it cancelled; a later job.completed or job.failed " +
          "from the runner decides the outcome, as for every job. Send {} for the default note.",
        operationId: "abandonJob",
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            schema: { type: "string" },
            description: "Fleetwatch's job id or the runner's job id",
          },
        ],
        requestBody: { required: true, content: ref("AbandonJobInput") },
        responses: {
          "200": { description: "The job, cancelled", content: ref("AbandonJobResult") },
          ...errors(400, 401, 403, 404, 409, 415),
        },
      },
    },
  };
}
