// The failures part of the OpenAPI document: issues, triage and classification rules.
import {
  previewBodySchema,
  previewSchema,
  reclassifyProgressSchema,
  ruleBodySchema,
  ruleListSchema,
  rulePatchSchema,
  ruleViewSchema,
} from "@/lib/failures/rule-schemas";
import {
  bulkTriageSchema,
  failureClassesQuerySchema,
  failureClassesSchema,
  issueDetailSchema,
  issuesPageSchema,
  issuesQuerySchema,
  triageSchema,
} from "@/lib/failures/schemas";
import { errors, queryParameters, schema } from "./helpers";

export function failuresSchemas() {
  return {
    IssuesPage: schema(issuesPageSchema),
    IssueDetail: schema(issueDetailSchema),
    FailureClasses: schema(failureClassesSchema),
    TriageAction: schema(triageSchema, "input"),
    BulkTriage: schema(bulkTriageSchema, "input"),
    RuleList: schema(ruleListSchema),
    Rule: schema(ruleViewSchema),
    RuleBody: schema(ruleBodySchema, "input"),
    RulePatch: schema(rulePatchSchema, "input"),
    RulePreviewBody: schema(previewBodySchema, "input"),
    RulePreview: schema(previewSchema),
    ReclassifyProgress: schema(reclassifyProgressSchema),
  };
}

export function failuresPaths() {
  return {
    "/api/v1/issues": {
      get: {
        summary:
          "Failure issues (failures grouped by fingerprint), regressed first; q searches them (is:, agent:, model:, harness:, class:, words)",
        operationId: "listIssues",
        parameters: queryParameters(issuesQuerySchema),
        responses: {
          "200": {
            description: "Issues",
            content: { "application/json": { schema: { $ref: "#/components/schemas/IssuesPage" } } },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/failure-classes": {
      get: {
        summary:
          "Failed jobs per class, over time and against the range before, for the same filters and q as /api/v1/issues",
        operationId: "failureClasses",
        parameters: queryParameters(failureClassesQuerySchema),
        responses: {
          "200": {
            description: "The breakdown by class and the series for the chart",
            content: { "application/json": { schema: { $ref: "#/components/schemas/FailureClasses" } } },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/issues/{id}": {
      get: {
        summary: "One issue: timeline, breakdowns, sample jobs, history and notes",
        operationId: "getIssue",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "The issue",
            content: { "application/json": { schema: { $ref: "#/components/schemas/IssueDetail" } } },
          },
          ...errors(401, 403, 404),
        },
      },
    },
    "/api/v1/issues/{id}/triage": {
      post: {
        summary:
          "Resolve, ignore, reopen, assign, note, unmerge, or undo a state change or assignment (session or key with the triage scope)",
        description:
          "`undo` names an `activity` entry of the issue: it restores exactly what that change replaced, and answers 409 when the issue changed since (a later change, a regression, or that change already undone).",
        operationId: "triageIssue",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/TriageAction" } } },
        },
        responses: {
          "200": {
            description: "The issue after the change",
            content: { "application/json": { schema: { $ref: "#/components/schemas/IssueDetail" } } },
          },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    "/api/v1/issues/bulk-triage": {
      post: {
        summary: "Resolve, ignore or assign a selection of issues (session or key with the triage scope)",
        operationId: "bulkTriage",
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/BulkTriage" } } },
        },
        responses: {
          "200": {
            description: "How many issues changed",
            content: {
              "application/json": {
                schema: { type: "object", properties: { updated: { type: "integer" } } },
              },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/api/v1/failure-rules": {
      get: {
        summary: "The project's classification rules, and the built-in ones (read-only)",
        operationId: "listFailureRules",
        responses: {
          "200": {
            description: "Rules",
            content: { "application/json": { schema: { $ref: "#/components/schemas/RuleList" } } },
          },
          ...errors(401, 403),
        },
      },
      post: {
        summary: "Add a classification rule (session or key with the triage scope)",
        operationId: "createFailureRule",
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/RuleBody" } } },
        },
        responses: {
          "201": {
            description: "The rule",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Rule" } } },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/failure-rules/{id}": {
      patch: {
        summary: "Change a rule (fields, enabled, priority, or move up/down)",
        operationId: "updateFailureRule",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/RulePatch" } } },
        },
        responses: {
          "200": {
            description: "The rule",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Rule" } } },
          },
          ...errors(400, 401, 403, 404),
        },
      },
      delete: {
        summary: "Delete a rule",
        operationId: "deleteFailureRule",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) },
      },
    },
    "/api/v1/failure-rules/preview": {
      post: {
        summary: "How many recent failures a candidate rule would reclassify, with samples",
        operationId: "previewFailureRule",
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/RulePreviewBody" } } },
        },
        responses: {
          "200": {
            description: "Preview",
            content: { "application/json": { schema: { $ref: "#/components/schemas/RulePreview" } } },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/failure-rules/apply": {
      get: {
        summary: "Progress of the re-classification of history",
        operationId: "reclassifyProgress",
        responses: {
          "200": {
            description: "Progress",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/ReclassifyProgress" } },
            },
          },
          ...errors(401, 403),
        },
      },
      post: {
        summary: "Re-classify the project's failures with the current rules, in the background",
        operationId: "reclassify",
        responses: {
          "202": {
            description: "Started",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/ReclassifyProgress" } },
            },
          },
          "200": {
            description: "Already running",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/ReclassifyProgress" } },
            },
          },
          ...errors(401, 403),
        },
      },
    },
  };
}
