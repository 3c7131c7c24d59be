// The audit log part of the OpenAPI document: who changed what, when, from where (admins, signed in).
import { auditFiltersSchema, auditPageSchema, auditQuerySchema } from "@/lib/audit/schemas";
import { errors, queryParameters, schema } from "./helpers";

const WHO =
  "For a signed-in admin or owner only: a member or viewer gets 403, and so does any API key (no key scope " +
  "grants the audit log).";

export function auditSchemas() {
  return { AuditPage: schema(auditPageSchema) };
}

export function auditPaths() {
  return {
    "/api/v1/audit": {
      get: {
        summary: "The audit log, newest first, filtered, with cursor pagination",
        description: WHO,
        operationId: "listAuditEntries",
        parameters: queryParameters(auditQuerySchema),
        responses: {
          "200": {
            description: "A page of entries",
            content: { "application/json": { schema: { $ref: "#/components/schemas/AuditPage" } } },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    "/api/v1/audit/csv": {
      get: {
        summary: "The filtered audit log as CSV (newest first, at most 100,000 entries), streamed",
        description: `${WHO} Cells that start with = + - or @ get a leading ' so spreadsheets do not run them.`,
        operationId: "downloadAuditCsv",
        parameters: queryParameters(auditFiltersSchema),
        responses: {
          "200": { description: "CSV file", content: { "text/csv": { schema: { type: "string" } } } },
          ...errors(400, 401, 403),
        },
      },
    },
  };
}
