// The notification outbox: a decision to notify is one row, written in the transaction that took the decision.
// The unique dedup key makes the same decision enqueue once however many times it is taken (two instances, a
// retried tick). lib/delivery's worker claims due rows and sends them (each row by one instance).
import { z } from "zod";
import type { Db } from "@/db/client";
import { notification, SEVERITIES } from "@/db/schema";

/** A kind-independent message; each sender (Slack, webhook, email, PagerDuty) renders it for its target. */
export const alertMessageSchema = z.object({
  /** trigger: opened (or escalated to a new step); acknowledge; resolve; test: "Send test". */
  event: z.enum(["trigger", "acknowledge", "resolve", "test"]),
  incidentId: z.uuid().nullable(),
  /** Groups the trigger/acknowledge/resolve of one incident at the receiver (PagerDuty dedup_key). */
  dedupKey: z.string().min(1).max(255),
  title: z.string().min(1).max(300),
  text: z.string().max(4000),
  severity: z.enum(SEVERITIES),
  project: z.object({ slug: z.string(), name: z.string() }),
  /** Absolute console URL of the incident (or the page the test came from). */
  url: z.url(),
  /** Signed, expiring links that acknowledge / resolve without a session (lib/alerts). */
  ackUrl: z.url().optional(),
  resolveUrl: z.url().optional(),
  fields: z
    .array(z.object({ label: z.string().max(100), value: z.string().max(500) }))
    .max(20)
    .default([]),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type AlertMessage = z.infer<typeof alertMessageSchema>;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type OutboxItem = {
  projectId: string;
  /** Exactly one of destinationId (a destination) and userId (a member, by email). */
  destinationId?: string | null;
  userId?: string | null;
  /** Unique across the outbox, e.g. `${incidentId}:trigger:step0:${destinationId}`. */
  dedupKey: string;
  /** alert.trigger | alert.resolve | alert.acknowledge | alert.escalate | test */
  kind: string;
  incidentId?: string | null;
  payload: AlertMessage;
  /** Earliest send time (default now). */
  notBefore?: Date;
};

/** Enqueues what is not already there; returns how many rows were new. */
export async function enqueueNotifications(db: Db | Tx, items: OutboxItem[]): Promise<number> {
  if (items.length === 0) return 0;
  for (const item of items) {
    if (Boolean(item.destinationId) === Boolean(item.userId)) {
      throw new Error("A notification goes to exactly one destination or one member.");
    }
  }
  const rows = await db
    .insert(notification)
    .values(
      items.map((item) => ({
        projectId: item.projectId,
        destinationId: item.destinationId ?? null,
        userId: item.userId ?? null,
        dedupKey: item.dedupKey,
        kind: item.kind,
        incidentId: item.incidentId ?? null,
        payload: alertMessageSchema.parse(item.payload),
        nextAttemptAt: item.notBefore ?? new Date(),
      })),
    )
    .onConflictDoNothing({ target: notification.dedupKey })
    .returning({ id: notification.id });
  return rows.length;
}
