// OpenAPI 3.1 document generated from the zod schemas the routes use, so it cannot drift from them.
import { type ZodType, z } from "zod";
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
  issueDetailSchema,
  issuesPageSchema,
  issuesQuerySchema,
  triageSchema,
} from "@/lib/failures/schemas";
import { importRequestSchema, importResponseSchema } from "@/lib/importers/schemas";
import {
  envelopeSchema,
  errorResponseSchema,
  eventSchema,
  ingestResponseSchema,
} from "@/lib/ingest/protocol";
import { jobDetailSchema, jobsPageSchema, jobsQuerySchema } from "@/lib/jobs/schemas";
import {
  searchQuerySchema,
  searchResponseSchema,
  transcriptPageSchema,
  transcriptQuerySchema,
} from "@/lib/transcripts/schemas";

const schema = (s: ZodType, io: "input" | "output" = "output") =>
  z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" });

function queryParameters(s: z.ZodObject) {
  const json = schema(s, "input") as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: prop,
    description: (prop as { description?: string }).description,
  }));
}

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );

export function buildOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Fleetwatch API",
      version: "1.0.0",
      description:
        "Ingest protocol v1 and the read API of Fleetwatch, the ops console for fleets of AI agents.",
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }, { session: [] }],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "API key (fw_...) with the ingest or read scope",
        },
        session: { type: "apiKey", in: "cookie", name: "better-auth.session_token" },
      },
      schemas: {
        Error: schema(errorResponseSchema),
        Event: schema(eventSchema, "input"),
        EventBatch: {
          ...schema(envelopeSchema, "input"),
          properties: {
            events: {
              type: "array",
              minItems: 1,
              maxItems: 1000,
              items: { $ref: "#/components/schemas/Event" },
            },
          },
        },
        IngestResponse: schema(ingestResponseSchema),
        JobsPage: schema(jobsPageSchema),
        JobDetail: schema(jobDetailSchema),
        TranscriptPage: schema(transcriptPageSchema),
        SearchResponse: schema(searchResponseSchema),
        IssuesPage: schema(issuesPageSchema),
        IssueDetail: schema(issueDetailSchema),
        TriageAction: schema(triageSchema, "input"),
        BulkTriage: schema(bulkTriageSchema, "input"),
        RuleList: schema(ruleListSchema),
        Rule: schema(ruleViewSchema),
        RuleBody: schema(ruleBodySchema, "input"),
        RulePatch: schema(rulePatchSchema, "input"),
        RulePreviewBody: schema(previewBodySchema, "input"),
        RulePreview: schema(previewSchema),
        ReclassifyProgress: schema(reclassifyProgressSchema),
        ImportRequest: schema(importRequestSchema, "input"),
        ImportResponse: schema(importResponseSchema),
      },
    },
    paths: {
      "/api/v1/events": {
        post: {
          summary: "Post job events (ingest protocol v1)",
          operationId: "postEvents",
          security: [{ apiKey: [] }],
          parameters: [
            {
              name: "Fleetwatch-Signature",
              in: "header",
              required: false,
              description:
                't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>; required for keys with a signing secret',
              schema: { type: "string" },
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/EventBatch" } } },
          },
          responses: {
            "200": {
              description: "Every event stored or a duplicate; committed",
              content: { "application/json": { schema: { $ref: "#/components/schemas/IngestResponse" } } },
            },
            "207": {
              description: "Some events rejected (see results); the valid ones are committed",
              content: { "application/json": { schema: { $ref: "#/components/schemas/IngestResponse" } } },
            },
            ...errors(400, 401, 403, 413, 415, 429),
          },
        },
      },
      "/api/v1/jobs": {
        get: {
          summary: "List jobs, newest first, with cursor pagination",
          operationId: "listJobs",
          parameters: queryParameters(jobsQuerySchema),
          responses: {
            "200": {
              description: "A page of jobs",
              content: { "application/json": { schema: { $ref: "#/components/schemas/JobsPage" } } },
            },
            ...errors(400, 401, 403),
          },
        },
      },
      "/api/v1/jobs/{id}/transcript": {
        get: {
          summary:
            "A job's transcript in order: messages, thinking, tool calls and results, usage, sub-agent branches",
          operationId: "getTranscript",
          parameters: [
            {
              name: "id",
              in: "path",
              required: true,
              schema: { type: "string" },
              description: "Fleetwatch's job id or the runner's job id",
            },
            ...queryParameters(transcriptQuerySchema),
            {
              name: "download",
              in: "query",
              required: false,
              schema: { type: "string" },
              description: "Any value: the whole transcript as a JSON file",
            },
          ],
          responses: {
            "200": {
              description: "A page of entries",
              content: { "application/json": { schema: { $ref: "#/components/schemas/TranscriptPage" } } },
            },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      "/api/v1/search": {
        get: {
          summary: "Full-text search across the project's transcripts",
          operationId: "searchTranscripts",
          parameters: queryParameters(searchQuerySchema),
          responses: {
            "200": {
              description: "Matching entries, newest first",
              content: { "application/json": { schema: { $ref: "#/components/schemas/SearchResponse" } } },
            },
            ...errors(400, 401, 403),
          },
        },
      },
      "/api/v1/issues": {
        get: {
          summary: "Failure issues (failures grouped by fingerprint), regressed first",
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
          summary: "Resolve, ignore, reopen, assign or note an issue (session or key with the triage scope)",
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
            ...errors(400, 401, 403, 404),
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
      "/api/v1/import": {
        post: {
          summary: "Import one Claude Code or Codex file (session or ingest key)",
          operationId: "importFile",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/ImportRequest" } } },
          },
          responses: {
            "200": {
              description: "Imported",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ImportResponse" } } },
            },
            "422": {
              description: "Format not recognised",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ImportResponse" } } },
            },
            ...errors(400, 401, 403, 413, 415),
          },
        },
      },
      "/api/v1/jobs/{id}": {
        get: {
          summary: "One job with its events",
          operationId: "getJob",
          parameters: [
            {
              name: "id",
              in: "path",
              required: true,
              schema: { type: "string" },
              description: "Fleetwatch's job id or the runner's job id",
            },
          ],
          responses: {
            "200": {
              description: "The job",
              content: { "application/json": { schema: { $ref: "#/components/schemas/JobDetail" } } },
            },
            ...errors(401, 403, 404),
          },
        },
      },
    },
  };
}
