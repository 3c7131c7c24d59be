// The alerting part of the OpenAPI document: incidents (list, one with its timeline, acknowledge, resolve) and
// the rule backtest the rule editor calls.
import {
  backtestSchema,
  incidentActionSchema,
  incidentDetailSchema,
  incidentsPageSchema,
  incidentsQuerySchema,
} from "@/lib/alerts/api-schemas";
import { alertRuleInputSchema } from "@/lib/alerts/rule-schemas";
import { errors, queryParameters, schema } from "./helpers";

const ref = (name: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${name}` } } });
const idParam = [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }];

export function alertsSchemas() {
  return {
    IncidentsPage: schema(incidentsPageSchema),
    IncidentDetail: schema(incidentDetailSchema),
    IncidentAction: schema(incidentActionSchema),
    AlertRuleInput: schema(alertRuleInputSchema, "input"),
    AlertRuleBacktest: schema(backtestSchema),
  };
}

const action = (verb: "ack" | "resolve") => ({
  post: {
    summary:
      verb === "ack"
        ? "Acknowledge a firing incident: escalation stops, those notified hear who took it (triage)"
        : "Resolve an open incident by hand, with a resolution message to those notified (triage)",
    description: "A session with the member role or above, or a key with the triage scope.",
    operationId: verb === "ack" ? "acknowledgeIncident" : "resolveIncident",
    parameters: idParam,
    responses: {
      "200": {
        description: "The incident as it is now; changed is false when it already was",
        content: ref("IncidentAction"),
      },
      ...errors(401, 403, 404, 409),
    },
  },
});

export function alertsPaths() {
  return {
    "/api/v1/incidents": {
      get: {
        summary: "Alert incidents, open first, with counts by status",
        operationId: "listIncidents",
        parameters: queryParameters(incidentsQuerySchema),
        responses: {
          "200": { description: "Incidents", content: ref("IncidentsPage") },
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/incidents/{id}": {
      get: {
        summary:
          "One incident with its timeline (opened, notified, escalated, acknowledged, resolved, muted…)",
        operationId: "getIncident",
        parameters: idParam,
        responses: {
          "200": { description: "The incident", content: ref("IncidentDetail") },
          ...errors(401, 403, 404),
        },
      },
    },
    "/api/v1/incidents/{id}/ack": action("ack"),
    "/api/v1/incidents/{id}/resolve": action("resolve"),
    "/api/v1/alert-rules/test": {
      post: {
        summary: "Backtest a rule: the incidents it would have opened over the last 7 days",
        description:
          "The body is a rule as the editor holds it (not saved). A session with the member role or above, or a " +
          "key with the config scope. agent_offline and job_stalled cannot be replayed (a note says so).",
        operationId: "testAlertRule",
        requestBody: { required: true, content: ref("AlertRuleInput") },
        responses: {
          "200": { description: "What would have fired", content: ref("AlertRuleBacktest") },
          ...errors(400, 401, 403, 415),
        },
      },
    },
  };
}
