// The standups part of the OpenAPI document: a day's fleet standup (or one agent's), structured and as Markdown.
import { standupQuerySchema, standupResponseSchema } from "@/lib/standups/schemas";
import { errors, queryParameters, schema } from "./helpers";

export function standupsSchemas() {
  return { Standup: schema(standupResponseSchema) };
}

export function standupsPaths() {
  return {
    "/api/v1/standups": {
      get: {
        summary:
          "A day's standup: the fleet in five lines, then each agent's done, problems, blocked (waiting for permission, stalled, the same failure 3 times), still open, spend and next, every line linked",
        operationId: "getStandup",
        parameters: queryParameters(standupQuerySchema),
        responses: {
          "200": {
            description: "The standup, structured and as Markdown (structured only with markdown=false)",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Standup" } } },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
