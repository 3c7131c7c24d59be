// What people do to incidents (acknowledge, resolve) and the resolution the evaluator shares with them. Each
// runs in one transaction: the change, its timeline entry, the audit entry and the notifications to those who
// were told about the incident (none for a muted one: nobody was).
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { incident, incidentEvent } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { linkKey } from "./links";
import { notifiedSoFar, notifyIncident } from "./notify";

type IncidentRow = typeof incident.$inferSelect;

export type IncidentActionResult =
  | { ok: true; incident: IncidentRow; changed: boolean }
  | { ok: false; status: 404 | 409; error: string };

/** Resolves an open incident: status, timeline, and a resolution message to everyone notified so far. */
export async function closeIncident(
  tx: Tx,
  inc: IncidentRow,
  opts: { now: Date; by: string; key: Buffer; reason: string },
): Promise<IncidentRow> {
  const [row] = await tx
    .update(incident)
    .set({ status: "resolved", resolvedAt: opts.now, resolvedBy: opts.by, nextEscalationAt: null })
    .where(eq(incident.id, inc.id))
    .returning();
  const resolved = row ?? inc;
  await tx.insert(incidentEvent).values({
    incidentId: inc.id,
    at: opts.now,
    type: "resolved",
    actor: opts.by,
    detail: { reason: opts.reason },
  });
  await notifyIncident(tx, {
    incident: resolved,
    event: "resolve",
    tag: "resolve",
    recipients: await notifiedSoFar(tx, inc.id),
    key: opts.key,
    now: opts.now,
    text: `Resolved: ${opts.reason}.`,
  });
  return resolved;
}

async function lockIncident(tx: Tx, incidentId: string, projectId?: string): Promise<IncidentRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(incidentId)) return null;
  const [row] = await tx
    .select()
    .from(incident)
    .where(and(eq(incident.id, incidentId), ...(projectId ? [eq(incident.projectId, projectId)] : [])))
    .for("update");
  return row ?? null;
}

const NOT_FOUND = { ok: false as const, status: 404 as const, error: "No such incident in this project." };

/**
 * Acknowledges a firing incident: who and when, escalation stops, and those already notified hear about it.
 * Acknowledging an acknowledged incident changes nothing; a resolved one is refused.
 */
export async function acknowledgeIncident(
  db: Db,
  opts: { incidentId: string; actor: AuditActor; projectId?: string; now?: Date },
): Promise<IncidentActionResult> {
  const now = opts.now ?? new Date();
  const key = await linkKey(db);
  return db.transaction(async (tx) => {
    const inc = await lockIncident(tx, opts.incidentId, opts.projectId);
    if (!inc) return NOT_FOUND;
    if (inc.status === "resolved") {
      return { ok: false, status: 409, error: "This incident is already resolved." };
    }
    if (inc.status === "acknowledged") return { ok: true, incident: inc, changed: false };
    const [row] = await tx
      .update(incident)
      .set({
        status: "acknowledged",
        acknowledgedAt: now,
        acknowledgedBy: opts.actor.label,
        nextEscalationAt: null,
      })
      .where(eq(incident.id, inc.id))
      .returning();
    const acked = row ?? inc;
    await tx
      .insert(incidentEvent)
      .values({ incidentId: inc.id, at: now, type: "acknowledged", actor: opts.actor.label });
    await notifyIncident(tx, {
      incident: acked,
      event: "acknowledge",
      tag: "ack",
      recipients: await notifiedSoFar(tx, inc.id),
      key,
      now,
      text: `Acknowledged by ${opts.actor.label}.`,
    });
    await recordAudit(tx, opts.actor, {
      action: "incident.acknowledge",
      objectType: "incident",
      objectId: inc.id,
      objectLabel: inc.title,
      projectId: inc.projectId,
      before: { status: inc.status },
      after: { status: "acknowledged" },
    });
    return { ok: true, incident: acked, changed: true };
  });
}

/** Resolves an open incident by hand (with the resolution message); a resolved one changes nothing. */
export async function resolveIncident(
  db: Db,
  opts: { incidentId: string; actor: AuditActor; projectId?: string; now?: Date },
): Promise<IncidentActionResult> {
  const now = opts.now ?? new Date();
  const key = await linkKey(db);
  return db.transaction(async (tx) => {
    const inc = await lockIncident(tx, opts.incidentId, opts.projectId);
    if (!inc) return NOT_FOUND;
    if (inc.status === "resolved") return { ok: true, incident: inc, changed: false };
    const resolved = await closeIncident(tx, inc, {
      now,
      by: opts.actor.label,
      key,
      reason: `resolved by ${opts.actor.label}`,
    });
    await recordAudit(tx, opts.actor, {
      action: "incident.resolve",
      objectType: "incident",
      objectId: inc.id,
      objectLabel: inc.title,
      projectId: inc.projectId,
      before: { status: inc.status },
      after: { status: "resolved" },
    });
    return { ok: true, incident: resolved, changed: true };
  });
}
