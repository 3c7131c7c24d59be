// OpenAPI 3.1 document generated from the zod schemas the routes use, so it cannot drift from them.
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
import { agentsPaths, agentsSchemas } from "./agents";
import { alertConfigPaths, alertConfigSchemas } from "./alert-config";
import { alertsPaths, alertsSchemas } from "./alerts";
import { auditPaths, auditSchemas } from "./audit";
import { costsPaths, costsSchemas } from "./costs";
import { destinationsPaths, destinationsSchemas } from "./destinations";
import { failuresPaths, failuresSchemas } from "./failures";
import { errors, queryParameters, schema } from "./helpers";
import { jobActionsPaths, jobActionsSchemas } from "./jobs";
import { overviewPaths, overviewSchemas } from "./overview";
import { pipelinesPaths, pipelinesSchemas } from "./pipelines";
import { runsPaths, runsSchemas } from "./runs";
import { schedulesPaths, schedulesSchemas } from "./schedules";
import { standupsPaths, standupsSchemas } from "./standups";
import { timelinePaths, timelineSchemas } from "./timeline";

/** Every read of the API takes `consistent` (lib/http/route.ts): wait for what was acknowledged before it. */
const CONSISTENT = {
  name: "consistent",
  in: "query",
  required: false,
  description:
    "true: answer once every event of the project acknowledged before this request is projected into jobs, " +
    "agents, transcripts, issues and costs (503 with Retry-After after 10 s). Default false: the projections " +
    "follow an acknowledged event within moments.",
  schema: { type: "string", enum: ["true", "false"] },
};

function withConsistentReads<D extends { paths: object }>(doc: D): D {
  for (const [path, ops] of Object.entries(
    doc.paths as Record<string, { get?: { parameters?: object[] } }>,
  )) {
    const get = ops.get;
    if (get && path.startsWith("/api/v1/")) get.parameters = [...(get.parameters ?? []), CONSISTENT];
  }
  return doc;
}

export function buildOpenApiDocument() {
  return withConsistentReads({
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
          description:
            "API key (fw_...) with the scope the operation needs: ingest, read, triage or config. A key belongs to " +
            "one project: a `project` query parameter naming another one, or a key whose project was deleted, " +
            "gets 403.",
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
        ...failuresSchemas(),
        ...overviewSchemas(),
        ...pipelinesSchemas(),
        ...standupsSchemas(),
        ...agentsSchemas(),
        ...jobActionsSchemas(),
        ...timelineSchemas(),
        ...costsSchemas(),
        ...auditSchemas(),
        ...destinationsSchemas(),
        ...alertsSchemas(),
        ...alertConfigSchemas(),
        ...schedulesSchemas(),
        ...runsSchemas(),
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
              description:
                "Every event stored or a duplicate; committed (projected moments later: see the consistent parameter of reads)",
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
          summary:
            "List jobs (newest first, or sorted by any column), with their total and cursor pagination",
          description:
            "Filters, then sorts by `sort` and `dir` (ties broken by id, so the order is stable) and pages with " +
            "`next_cursor`, which is tied to that sort: pass it with the same filters, sort and dir. `total` counts " +
            "every job matching the filters, on every page.",
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
      ...failuresPaths(),
      ...overviewPaths(),
      ...pipelinesPaths(),
      ...standupsPaths(),
      ...agentsPaths(),
      ...jobActionsPaths(),
      ...timelinePaths(),
      ...costsPaths(),
      ...auditPaths(),
      ...destinationsPaths(),
      ...alertsPaths(),
      ...alertConfigPaths(),
      ...schedulesPaths(),
      ...runsPaths(),
      "/api/v1/import": {
        post: {
          summary: "Import one Claude Code or Codex file (session or ingest key)",
          description:
            "The body is the file itself (application/x-ndjson, application/jsonl or " +
            "application/octet-stream; name it with ?file_name=), or JSON {file_name, text}. At most " +
            "FLEETWATCH_IMPORT_MAX_MB (default 50) MB uncompressed (413 payload_too_large), lines at most " +
            "8 MB (413 line_too_long) and 1,000,000 lines (413 too_many_lines). Rate-limited like ingest: " +
            "a key against its requests per minute, a signed-in user against FLEETWATCH_IMPORT_RATE_PER_MINUTE " +
            "(429 with Retry-After); 503 busy with Retry-After when two imports already run.",
          operationId: "importFile",
          parameters: [
            {
              name: "file_name",
              in: "query",
              schema: { type: "string" },
              description: "Raw body: the file's name",
            },
            { name: "agent", in: "query", schema: { type: "string" }, description: "Raw body: agent name" },
          ],
          requestBody: {
            required: true,
            content: {
              "application/octet-stream": { schema: { type: "string", format: "binary" } },
              "application/x-ndjson": { schema: { type: "string" } },
              "application/json": { schema: { $ref: "#/components/schemas/ImportRequest" } },
            },
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
            ...errors(400, 401, 403, 413, 415, 429, 503),
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
  });
}
