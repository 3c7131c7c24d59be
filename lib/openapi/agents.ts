// The agents part of the OpenAPI document: the live board and one agent.
import { agentDetailSchema, agentsPageSchema, agentsQuerySchema } from "@/lib/agents/schemas";
import { errors, queryParameters, schema } from "./helpers";

export function agentsSchemas() {
  return {
    AgentsPage: schema(agentsPageSchema),
    AgentDetail: schema(agentDetailSchema),
  };
}

export function agentsPaths() {
  return {
    "/api/v1/agents": {
      get: {
        summary:
          "Every agent with its live status (running, waiting, idle, offline) and stalled jobs, current job and today's figures, sorted by what needs attention",
        operationId: "listAgents",
        parameters: queryParameters(agentsQuerySchema),
        responses: {
          "200": {
            description: "Agents",
            content: { "application/json": { schema: { $ref: "#/components/schemas/AgentsPage" } } },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/agents/{name}": {
      get: {
        summary: "One agent: live status, current job, today's figures and its latest jobs",
        operationId: "getAgent",
        parameters: [
          {
            name: "name",
            in: "path",
            required: true,
            schema: { type: "string" },
            description: "The agent's name (URL-encoded)",
          },
        ],
        responses: {
          "200": {
            description: "The agent",
            content: { "application/json": { schema: { $ref: "#/components/schemas/AgentDetail" } } },
          },
          ...errors(401, 403, 404),
        },
      },
    },
  };
}
