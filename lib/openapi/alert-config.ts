// The alerting part of the OpenAPI document this branch owns: the Alerts board, alert rules, escalation
// policies, silences.
import {
  alertRuleListSchema,
  alertRulePatchSchema,
  alertRuleViewSchema,
  escalationPolicyInputSchema,
  escalationPolicyListSchema,
  escalationPolicyPatchSchema,
  escalationPolicyViewSchema,
  silenceInputSchema,
  silenceListSchema,
  silencePatchSchema,
  silenceViewSchema,
} from "@/lib/alerts/config-schemas";
import { incidentsBoardQuerySchema, incidentsBoardSchema } from "@/lib/alerts/incident-schemas";
import { alertRuleInputSchema } from "@/lib/alerts/rule-schemas";
import { errors, queryParameters, schema } from "./helpers";

export function alertConfigSchemas() {
  return {
    AlertRuleInput: schema(alertRuleInputSchema, "input"),
    AlertRulePatch: schema(alertRulePatchSchema, "input"),
    AlertRule: schema(alertRuleViewSchema),
    AlertRuleList: schema(alertRuleListSchema),
    EscalationPolicyInput: schema(escalationPolicyInputSchema, "input"),
    EscalationPolicyPatch: schema(escalationPolicyPatchSchema, "input"),
    EscalationPolicy: schema(escalationPolicyViewSchema),
    EscalationPolicyList: schema(escalationPolicyListSchema),
    SilenceInput: schema(silenceInputSchema, "input"),
    Silence: schema(silenceViewSchema),
    SilencePatch: schema(silencePatchSchema, "input"),
    SilenceList: schema(silenceListSchema),
    IncidentsBoard: schema(incidentsBoardSchema),
  };
}

const json = (name: string, description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
});
const body = (name: string) => ({
  required: true,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
});
const id = [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }];
const CONFIG = "A session of a member or above, or a key with the config scope.";
const ADMIN = "A session of an admin, or a key with the config scope.";

export function alertConfigPaths() {
  return {
    "/api/v1/alerts": {
      get: {
        summary: "Incidents of one status (newest first) under the filters, with the count of each status",
        operationId: "getIncidentsBoard",
        parameters: queryParameters(incidentsBoardQuerySchema),
        responses: { "200": json("IncidentsBoard", "The board"), ...errors(400, 401, 403) },
      },
    },
    "/api/v1/alert-rules": {
      get: {
        summary: "The project's alert rules",
        operationId: "listAlertRules",
        responses: { "200": json("AlertRuleList", "Rules by name"), ...errors(401, 403) },
      },
      post: {
        summary: "Add an alert rule",
        description: `${CONFIG} Destinations and the escalation policy must belong to the project.`,
        operationId: "createAlertRule",
        requestBody: body("AlertRuleInput"),
        responses: { "201": json("AlertRule", "The rule"), ...errors(400, 401, 403) },
      },
    },
    "/api/v1/alert-rules/{id}": {
      get: {
        summary: "One alert rule",
        operationId: "getAlertRule",
        parameters: id,
        responses: { "200": json("AlertRule", "The rule"), ...errors(401, 403, 404) },
      },
      patch: {
        summary: "Change some fields of a rule (the result is validated as a whole)",
        description: CONFIG,
        operationId: "updateAlertRule",
        parameters: id,
        requestBody: body("AlertRulePatch"),
        responses: { "200": json("AlertRule", "The rule"), ...errors(400, 401, 403, 404) },
      },
      delete: {
        summary: "Delete a rule and its incidents",
        description: CONFIG,
        operationId: "deleteAlertRule",
        parameters: id,
        responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) },
      },
    },
    "/api/v1/escalation-policies": {
      get: {
        summary: "The project's escalation policies",
        operationId: "listEscalationPolicies",
        responses: { "200": json("EscalationPolicyList", "Policies by name"), ...errors(401, 403) },
      },
      post: {
        summary: "Add an escalation policy (1 to 10 ordered steps, repeated 0 to 10 times)",
        description: ADMIN,
        operationId: "createEscalationPolicy",
        requestBody: body("EscalationPolicyInput"),
        responses: { "201": json("EscalationPolicy", "The policy"), ...errors(400, 401, 403) },
      },
    },
    "/api/v1/escalation-policies/{id}": {
      patch: {
        summary: "Change an escalation policy",
        description: ADMIN,
        operationId: "updateEscalationPolicy",
        parameters: id,
        requestBody: body("EscalationPolicyPatch"),
        responses: { "200": json("EscalationPolicy", "The policy"), ...errors(400, 401, 403, 404) },
      },
      delete: {
        summary: "Delete an escalation policy (its rules keep their own destinations)",
        description: ADMIN,
        operationId: "deleteEscalationPolicy",
        parameters: id,
        responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) },
      },
    },
    "/api/v1/silences": {
      get: {
        summary: "The project's silences, with whether each mutes now",
        operationId: "listSilences",
        responses: { "200": json("SilenceList", "Silences, newest first"), ...errors(401, 403) },
      },
      post: {
        summary: "Add a silence: one-off (endsAt) or recurring (cron + durationMinutes)",
        description: CONFIG,
        operationId: "createSilence",
        requestBody: body("SilenceInput"),
        responses: { "201": json("Silence", "The silence"), ...errors(400, 401, 403) },
      },
    },
    "/api/v1/silences/{id}": {
      patch: {
        summary: "Change a silence (end it early, extend it, change its schedule)",
        description: `${CONFIG} The silence with the change applied is validated whole, like a new one.`,
        operationId: "updateSilence",
        parameters: id,
        requestBody: body("SilencePatch"),
        responses: {
          "200": {
            description: "The silence",
            content: {
              "application/json": {
                schema: { type: "object", properties: { silence: { $ref: "#/components/schemas/Silence" } } },
              },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
      delete: {
        summary: "Delete a silence",
        description: CONFIG,
        operationId: "deleteSilence",
        parameters: id,
        responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) },
      },
    },
  };
}
