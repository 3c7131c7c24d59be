// Incident notifications into the outbox, in the caller's transaction: the message (with the incident's figures,
// its console URL and signed ack/resolve links per recipient), the recipients that still exist, and a dedup key
// per decision and recipient so a decision taken twice enqueues once.
import { and, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { destination, type incident, notification, project, user } from "@/db/schema";
import { type AlertMessage, enqueueNotifications, type OutboxItem } from "@/lib/delivery/outbox";
import { incidentUrl, signedLinks } from "./links";

type IncidentRow = typeof incident.$inferSelect;
export type Recipients = { destinationIds: string[]; memberIds: string[] };
export type NotifyEvent = "trigger" | "escalate" | "acknowledge" | "resolve";

const OUTBOX_KIND: Record<NotifyEvent, string> = {
  trigger: "alert.trigger",
  escalate: "alert.escalate",
  acknowledge: "alert.acknowledge",
  resolve: "alert.resolve",
};

const FIELD_LABELS: [string, string][] = [
  ["value", "Value"],
  ["threshold", "Threshold"],
  ["limit", "Limit"],
  ["baseline", "Baseline"],
  ["windowMinutes", "Window (min)"],
  ["agent", "Agent"],
  ["jobIds", "Jobs"],
  ["issueIds", "Issues"],
];

function fieldsOf(context: unknown): AlertMessage["fields"] {
  const c = (context ?? {}) as Record<string, unknown>;
  return FIELD_LABELS.flatMap(([k, label]) => {
    const v = c[k];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return [];
    return [{ label, value: (Array.isArray(v) ? v.join(", ") : String(v)).slice(0, 500) }];
  });
}

/** Recipients that exist: the project's enabled destinations, and members that are still accounts. */
async function existing(tx: Tx, projectId: string, r: Recipients): Promise<Recipients> {
  const dests = r.destinationIds.length
    ? await tx
        .select({ id: destination.id })
        .from(destination)
        .where(
          and(
            eq(destination.projectId, projectId),
            eq(destination.enabled, true),
            inArray(destination.id, r.destinationIds),
          ),
        )
    : [];
  const members = r.memberIds.length
    ? await tx.select({ id: user.id }).from(user).where(inArray(user.id, r.memberIds))
    : [];
  return { destinationIds: dests.map((d) => d.id).sort(), memberIds: members.map((m) => m.id).sort() };
}

/** Who heard about the incident so far (trigger and escalation messages). */
export async function notifiedSoFar(tx: Tx, incidentId: string): Promise<Recipients> {
  const rows = await tx
    .selectDistinct({ destinationId: notification.destinationId, userId: notification.userId })
    .from(notification)
    .where(
      and(
        eq(notification.incidentId, incidentId),
        inArray(notification.kind, ["alert.trigger", "alert.escalate"]),
        or(isNotNull(notification.destinationId), isNotNull(notification.userId)),
      ),
    );
  return {
    destinationIds: [...new Set(rows.flatMap((r) => (r.destinationId ? [r.destinationId] : [])))],
    memberIds: [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))],
  };
}

/**
 * Enqueues one message per recipient; `tag` names the decision (e.g. "open", "escalate:2", "resolve") and makes
 * the dedup key. Returns the recipients actually addressed (for the timeline).
 */
export async function notifyIncident(
  tx: Tx,
  opts: {
    incident: IncidentRow;
    event: NotifyEvent;
    tag: string;
    recipients: Recipients;
    key: Buffer;
    now: Date;
    text?: string;
  },
): Promise<Recipients> {
  const { incident: inc, now } = opts;
  const to = await existing(tx, inc.projectId, opts.recipients);
  if (to.destinationIds.length + to.memberIds.length === 0) return to;
  const [p] = await tx
    .select({ slug: project.slug, name: project.name })
    .from(project)
    .where(eq(project.id, inc.projectId));
  const prefix = {
    trigger: "",
    escalate: "Escalated: ",
    acknowledge: "Acknowledged: ",
    resolve: "Resolved: ",
  };
  const message = (who: { destinationId?: string; userId?: string }): AlertMessage => ({
    event: opts.event === "escalate" ? "trigger" : opts.event,
    incidentId: inc.id,
    dedupKey: `incident:${inc.id}`,
    title: `${prefix[opts.event]}${inc.title}`.slice(0, 300),
    text: (opts.text ?? inc.summary ?? inc.title).slice(0, 4000),
    severity: inc.severity,
    project: { slug: p?.slug ?? "", name: p?.name ?? "" },
    url: incidentUrl(inc.id),
    ...(opts.event === "resolve" ? {} : signedLinks(opts.key, inc.id, now, who)),
    fields: fieldsOf(inc.context),
    occurredAt: now.toISOString(),
  });
  const items: OutboxItem[] = [
    ...to.destinationIds.map((destinationId) => ({
      projectId: inc.projectId,
      destinationId,
      dedupKey: `${inc.id}:${opts.tag}:d:${destinationId}`,
      kind: OUTBOX_KIND[opts.event],
      incidentId: inc.id,
      payload: message({ destinationId }),
    })),
    ...to.memberIds.map((userId) => ({
      projectId: inc.projectId,
      userId,
      dedupKey: `${inc.id}:${opts.tag}:u:${userId}`,
      kind: OUTBOX_KIND[opts.event],
      incidentId: inc.id,
      payload: message({ userId }),
    })),
  ];
  await enqueueNotifications(tx, items);
  return to;
}
