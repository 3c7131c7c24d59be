// The audit log's filters and its API shapes: one zod schema for the query of GET /api/v1/audit, the CSV
// download and the Settings page, and the response the OpenAPI document describes.
import { z } from "zod";

export const AUDIT_PAGE_SIZE = 50;
/** The CSV holds at most this many entries (newest first); narrow the filters for more. */
export const AUDIT_CSV_MAX_ROWS = 100_000;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

/** `at` with microseconds and the id of the last entry of a page: where the next page starts. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_(\d{1,18})$/;

const filterFields = z.object({
  actor: text(200).describe(
    "An actor's id (user id, key id, job name) or part of its label (email, key name)",
  ),
  action: text(100)
    .refine(
      (v) => v === undefined || /^[a-z0-9_.]+$/.test(v),
      "Actions are dotted words, e.g. member. or price.update",
    )
    .describe('Action prefix: "member." matches member.invite, member.role, …; a full action matches itself'),
  object_type: text(50).describe("Object type, e.g. issue, api_key, model_price, budget, failure_rule"),
  object_id: text(200).describe("One object's id"),
  from: z.iso.datetime({ offset: true }).optional().describe("Entries at or after this time"),
  to: z.iso.datetime({ offset: true }).optional().describe("Entries before this time"),
});
const ordered = (f: { from?: string; to?: string }) => !f.from || !f.to || new Date(f.from) < new Date(f.to);
const ORDER = { message: "from must be before to", path: ["from"] };

export const auditFiltersSchema = filterFields.refine(ordered, ORDER);
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const auditQuerySchema = filterFields
  .extend({
    cursor: z
      .string()
      .regex(CURSOR, "Pass the next_cursor of the previous page unchanged")
      .optional()
      .describe("next_cursor of the previous page"),
    limit: z.coerce.number().int().min(1).max(200).default(AUDIT_PAGE_SIZE),
  })
  .refine(ordered, ORDER);

export type AuditCursor = { at: string; id: number };

export function parseCursor(cursor: string | undefined): AuditCursor | null {
  const m = cursor ? CURSOR.exec(cursor) : null;
  return m?.[1] && m[2] ? { at: m[1], id: Number(m[2]) } : null;
}

export function formatCursor(c: AuditCursor): string {
  return `${c.at}_${c.id}`;
}

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string().describe("When the change committed (ISO 8601, microseconds)"),
  actor: z.object({
    type: z.enum(["user", "key", "system"]),
    id: z.string().nullable(),
    label: z.string(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
  }),
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  project: z.object({ id: z.string(), slug: z.string().nullable() }).nullable(),
  before: z.unknown().describe("The values the change replaced (null for a creation)"),
  after: z.unknown().describe("The values after the change (null for a deletion)"),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  next_cursor: z.string().nullable().describe("Pass as cursor for the next (older) page; null on the last"),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
