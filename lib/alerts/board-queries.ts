// Server-only reads of incidents for the Alerts page, the incident page and the Overview: counts per status,
// a page of one status (newest first, keyset), one incident with its timeline and what caused it.
import { and, asc, count, desc, eq, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertRule, failureIssue, INCIDENT_STATUSES, incident, incidentEvent, job } from "@/db/schema";
import type { IncidentFilters, IncidentRow, IncidentsBoard } from "./incident-schemas";

export const INCIDENTS_PAGE_SIZE = 50;

function filterConditions(projectId: string, f: IncidentFilters): SQL[] {
  const where: SQL[] = [eq(incident.projectId, projectId)];
  if (f.severity) where.push(eq(incident.severity, f.severity));
  if (f.rule) where.push(eq(incident.ruleId, f.rule));
  if (f.muted !== undefined) where.push(eq(incident.muted, f.muted));
  return where;
}

/** How many incidents each tab holds under the filters (every status present, zero when none). */
export async function countIncidentsByStatus({
  db,
  projectId,
  filters = {},
}: {
  db: DbOrTx;
  projectId: string;
  filters?: IncidentFilters;
}): Promise<IncidentsBoard["counts"]> {
  const rows = await db
    .select({ status: incident.status, n: count() })
    .from(incident)
    .where(and(...filterConditions(projectId, filters)))
    .groupBy(incident.status);
  const counts = Object.fromEntries(INCIDENT_STATUSES.map((s) => [s, 0])) as IncidentsBoard["counts"];
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

const cursorOf = (r: { openedAt: Date; id: string }) => `${r.openedAt.toISOString()}_${r.id}`;
function parseCursor(cursor: string | undefined) {
  const [at, id] = (cursor ?? "").split("_");
  if (!at || !id || Number.isNaN(Date.parse(at))) return null;
  return { at: new Date(at), id };
}

/** One status's incidents, newest opened first, with the cursor of the next page. */
export async function listIncidents({
  db,
  projectId,
  filters,
  limit = INCIDENTS_PAGE_SIZE,
}: {
  db: DbOrTx;
  projectId: string;
  filters: IncidentFilters & { status: IncidentRow["status"]; cursor?: string };
  limit?: number;
}): Promise<{ incidents: IncidentRow[]; next_cursor: string | null }> {
  const where = [...filterConditions(projectId, filters), eq(incident.status, filters.status)];
  const after = parseCursor(filters.cursor);
  if (after) {
    const older = or(
      lt(incident.openedAt, after.at),
      and(eq(incident.openedAt, after.at), lt(incident.id, after.id)),
    );
    if (older) where.push(older);
  }
  const rows = await db
    .select({ incident, ruleName: alertRule.name, ruleKind: alertRule.kind })
    .from(incident)
    .innerJoin(alertRule, eq(alertRule.id, incident.ruleId))
    .where(and(...where))
    .orderBy(desc(incident.openedAt), desc(incident.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    incidents: page.map((r) => toRow(r.incident, r.ruleName, r.ruleKind)),
    next_cursor: rows.length > limit && last ? cursorOf(last.incident) : null,
  };
}

function toRow(i: typeof incident.$inferSelect, ruleName: string, ruleKind: string): IncidentRow {
  return {
    id: i.id,
    title: i.title,
    severity: i.severity,
    status: i.status,
    muted: i.muted,
    rule: { id: i.ruleId, name: ruleName, kind: ruleKind },
    group_key: i.groupKey,
    match_count: i.matchCount,
    opened_at: i.openedAt.toISOString(),
    last_seen_at: i.lastSeenAt.toISOString(),
    acknowledged_at: i.acknowledgedAt?.toISOString() ?? null,
    resolved_at: i.resolvedAt?.toISOString() ?? null,
  };
}

export async function getIncidentsBoard({
  db,
  projectId,
  filters,
}: {
  db: DbOrTx;
  projectId: string;
  filters: IncidentFilters & { status: IncidentRow["status"]; cursor?: string };
}): Promise<IncidentsBoard> {
  const { status: _s, cursor: _c, ...common } = filters;
  const [counts, page] = await Promise.all([
    countIncidentsByStatus({ db, projectId, filters: common }),
    listIncidents({ db, projectId, filters }),
  ]);
  return { counts, ...page };
}

/** The rules incidents can be filtered by (the project's, by name). */
export async function listRuleChoices({ db, projectId }: { db: DbOrTx; projectId: string }) {
  return db
    .select({ id: alertRule.id, name: alertRule.name })
    .from(alertRule)
    .where(eq(alertRule.projectId, projectId))
    .orderBy(asc(alertRule.name));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuids = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && UUID.test(x)).slice(0, 50) : [];

/** One incident with its timeline (oldest first) and the jobs and issues its context names, or null. */
export async function getIncident({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  if (!UUID.test(id)) return null;
  const [found] = await db
    .select({ incident, ruleName: alertRule.name, ruleKind: alertRule.kind })
    .from(incident)
    .innerJoin(alertRule, eq(alertRule.id, incident.ruleId))
    .where(and(eq(incident.projectId, projectId), eq(incident.id, id)));
  if (!found) return null;
  const context = (found.incident.context ?? {}) as Record<string, unknown>;
  const jobIds = uuids(context.jobIds);
  const issueIds = uuids(context.issueIds);
  const [timeline, jobs, issues] = await Promise.all([
    db
      .select()
      .from(incidentEvent)
      .where(eq(incidentEvent.incidentId, id))
      .orderBy(asc(incidentEvent.at), asc(incidentEvent.id))
      .limit(500),
    jobIds.length
      ? db
          .select({
            id: job.id,
            externalId: job.externalId,
            title: job.title,
            agent: job.agentName,
            status: job.status,
          })
          .from(job)
          .where(and(eq(job.projectId, projectId), inArray(job.id, jobIds)))
      : [],
    issueIds.length
      ? db
          .select({ id: failureIssue.id, title: failureIssue.title, failureClass: failureIssue.failureClass })
          .from(failureIssue)
          .where(and(eq(failureIssue.projectId, projectId), inArray(failureIssue.id, issueIds)))
      : [],
  ]);
  return {
    ...toRow(found.incident, found.ruleName, found.ruleKind),
    summary: found.incident.summary,
    context,
    acknowledged_by: found.incident.acknowledgedBy,
    resolved_by: found.incident.resolvedBy,
    timeline: timeline.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      type: e.type,
      actor: e.actor,
      detail: e.detail,
    })),
    jobs,
    issues,
  };
}
export type IncidentDetail = NonNullable<Awaited<ReturnType<typeof getIncident>>>;

/** Firing incidents for the Overview's "Needs attention": critical first, then newest; with the total. */
export async function firingIncidents({
  db,
  projectId,
  limit,
}: {
  db: DbOrTx;
  projectId: string;
  limit: number;
}) {
  const firing = and(eq(incident.projectId, projectId), eq(incident.status, "firing"));
  const rank = sql`case ${incident.severity} when 'critical' then 0 when 'error' then 1 when 'warning' then 2 else 3 end`;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: incident.id,
        title: incident.title,
        severity: incident.severity,
        muted: incident.muted,
        openedAt: incident.openedAt,
      })
      .from(incident)
      .where(firing)
      .orderBy(rank, desc(incident.openedAt), desc(incident.id))
      .limit(limit),
    db.select({ n: count() }).from(incident).where(firing),
  ]);
  return {
    total: total?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      muted: r.muted,
      opened_at: r.openedAt.toISOString(),
    })),
  };
}
