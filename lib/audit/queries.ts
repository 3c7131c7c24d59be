// Reading the audit log: filtered pages newest first with a keyset cursor on (at, id), never OFFSET, so a
// page deep in a long log costs what the first one does.
import { and, desc, eq, gte, ilike, like, lt, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog, project } from "@/db/schema";
import {
  AUDIT_PAGE_SIZE,
  type AuditCursor,
  type AuditEntryView,
  type AuditFilters,
  type AuditPage,
  formatCursor,
} from "./schemas";

/** LIKE's wildcards taken literally. */
const literal = (v: string) => v.replaceAll(/[\\%_]/g, (c) => `\\${c}`);

function where(filters: AuditFilters, cursor: AuditCursor | null): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (filters.actor) {
    parts.push(
      or(eq(auditLog.actorId, filters.actor), ilike(auditLog.actorLabel, `%${literal(filters.actor)}%`)),
    );
  }
  if (filters.action) parts.push(like(auditLog.action, `${literal(filters.action)}%`));
  if (filters.object_type) parts.push(eq(auditLog.objectType, filters.object_type));
  if (filters.object_id) parts.push(eq(auditLog.objectId, filters.object_id));
  if (filters.from) parts.push(gte(auditLog.at, new Date(filters.from)));
  if (filters.to) parts.push(lt(auditLog.at, new Date(filters.to)));
  // Microseconds matter: several entries of one transaction share `at` to the microsecond; id breaks the tie.
  if (cursor) parts.push(sql`(${auditLog.at}, ${auditLog.id}) < (${cursor.at}::timestamptz, ${cursor.id})`);
  return and(...parts);
}

const AT_TEXT = sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** One page of entries matching the filters, older than the cursor, newest first. */
export async function listAuditEntries({
  db,
  filters,
  cursor = null,
  limit = AUDIT_PAGE_SIZE,
}: {
  db: DbOrTx;
  filters: AuditFilters;
  cursor?: AuditCursor | null;
  limit?: number;
}): Promise<AuditPage> {
  const rows = await db
    .select({ e: auditLog, at: AT_TEXT, slug: project.slug })
    .from(auditLog)
    .leftJoin(project, eq(project.id, auditLog.projectId))
    .where(where(filters, cursor))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map(toView),
    next_cursor: rows.length > limit && last ? formatCursor({ at: last.at, id: last.e.id }) : null,
  };
}

function toView({ e, at, slug }: { e: typeof auditLog.$inferSelect; at: string; slug: string | null }) {
  return {
    id: e.id,
    at,
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel, ip: e.ip, user_agent: e.userAgent },
    action: e.action,
    object: { type: e.objectType, id: e.objectId, label: e.objectLabel },
    project: e.projectId ? { id: e.projectId, slug } : null,
    before: e.before,
    after: e.after,
  } satisfies AuditEntryView;
}

/**
 * Every entry matching the filters, newest first, in pages of `batch`, up to `max` entries: what the CSV
 * download streams (each page is a short query, so no transaction or cursor stays open between writes).
 */
export async function* allAuditEntries({
  db,
  filters,
  max,
  batch = 1000,
}: {
  db: DbOrTx;
  filters: AuditFilters;
  max: number;
  batch?: number;
}): AsyncGenerator<AuditEntryView> {
  let cursor: AuditCursor | null = null;
  let left = max;
  while (left > 0) {
    const page = await listAuditEntries({ db, filters, cursor, limit: Math.min(batch, left) });
    for (const entry of page.entries) yield entry;
    left -= page.entries.length;
    const last = page.entries.at(-1);
    if (!page.next_cursor || !last) return;
    cursor = { at: last.at, id: last.id };
  }
}
