// Incidents as the API and the pages read them: a filtered list with counts by status, one with its timeline.
import { and, asc, desc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertRule, incident, incidentEvent } from "@/db/schema";
import type { IncidentsQuery, IncidentView } from "./api-schemas";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type Row = typeof incident.$inferSelect & { ruleName: string | null; ruleKind: string | null };

export function toIncidentView(r: Row): IncidentView {
  return {
    id: r.id,
    rule_id: r.ruleId,
    rule_name: r.ruleName,
    rule_kind: r.ruleKind,
    group_key: r.groupKey,
    status: r.status,
    severity: r.severity,
    title: r.title,
    summary: r.summary,
    muted: r.muted,
    match_count: r.matchCount,
    context: (r.context ?? {}) as Record<string, unknown>,
    opened_at: r.openedAt.toISOString(),
    last_seen_at: r.lastSeenAt.toISOString(),
    clear_since: iso(r.clearSince),
    acknowledged_at: iso(r.acknowledgedAt),
    acknowledged_by: r.acknowledgedBy,
    resolved_at: iso(r.resolvedAt),
    resolved_by: r.resolvedBy,
    escalation_step: r.escalationStep,
    next_escalation_at: iso(r.nextEscalationAt),
  };
}

const selection = { ...getTableColumns(incident), ruleName: alertRule.name, ruleKind: alertRule.kind };

/** Open ones first (firing, then acknowledged), newest activity first. */
export async function listIncidents({
  db,
  projectId,
  query,
}: {
  db: DbOrTx;
  projectId: string;
  query: Omit<IncidentsQuery, "project">;
}) {
  const common: SQL[] = [eq(incident.projectId, projectId)];
  if (query.severity) common.push(eq(incident.severity, query.severity));
  if (query.rule) common.push(eq(incident.ruleId, query.rule));
  const where = and(...common, ...(query.status ? [eq(incident.status, query.status)] : []));
  const rows = await db
    .select(selection)
    .from(incident)
    .leftJoin(alertRule, eq(alertRule.id, incident.ruleId))
    .where(where)
    .orderBy(
      sql`case ${incident.status} when 'firing' then 0 when 'acknowledged' then 1 else 2 end`,
      desc(incident.lastSeenAt),
      desc(incident.id),
    )
    .limit(query.limit)
    .offset(query.offset);
  const byStatus = await db
    .select({ status: incident.status, n: sql<number>`count(*)::int` })
    .from(incident)
    .where(and(...common))
    .groupBy(incident.status);
  const count = (s: string) => byStatus.find((r) => r.status === s)?.n ?? 0;
  return {
    incidents: rows.map(toIncidentView),
    total: query.status ? count(query.status) : byStatus.reduce((n, r) => n + r.n, 0),
    counts: { firing: count("firing"), acknowledged: count("acknowledged"), resolved: count("resolved") },
  };
}

export async function getIncident({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await db
    .select(selection)
    .from(incident)
    .leftJoin(alertRule, eq(alertRule.id, incident.ruleId))
    .where(and(eq(incident.id, id), eq(incident.projectId, projectId)));
  if (!row) return null;
  const events = await db
    .select()
    .from(incidentEvent)
    .where(eq(incidentEvent.incidentId, id))
    .orderBy(asc(incidentEvent.at), asc(incidentEvent.id));
  return {
    ...toIncidentView(row),
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      type: e.type,
      actor: e.actor,
      detail: e.detail ?? null,
    })),
  };
}

/** The project's firing incidents by severity (the Prometheus gauge); muted ones count too. */
export async function firingBySeverity(db: DbOrTx, projectId: string) {
  return db
    .select({ severity: incident.severity, n: sql<number>`count(*)::int` })
    .from(incident)
    .where(and(eq(incident.projectId, projectId), eq(incident.status, "firing")))
    .groupBy(incident.severity);
}
