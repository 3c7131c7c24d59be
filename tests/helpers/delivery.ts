// Alert delivery tests: a message, a destination and an outbox row in a test project, written the way the
// engine and the API write them (createDestination, enqueueNotifications).
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { systemActor } from "@/lib/audit/record";
import type { DestinationInput } from "@/lib/delivery/config";
import { type AlertMessage, enqueueNotifications } from "@/lib/delivery/outbox";
import { createDestination } from "@/lib/delivery/queries";

export const ACTOR = systemActor("delivery-test");

export function message(overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    event: "trigger",
    incidentId: null,
    dedupKey: `inc-${randomUUID()}`,
    title: "Agent builder-7 is offline",
    text: "No heartbeat for 12 minutes.",
    severity: "critical",
    project: { slug: "prod", name: "Production" },
    url: "https://fleet.example.com/alerts/incidents/1",
    ackUrl: "https://fleet.example.com/a/ack?t=abc&x=1",
    resolveUrl: "https://fleet.example.com/a/resolve?t=abc",
    fields: [{ label: "Agent", value: "builder-7" }],
    occurredAt: "2026-12-04T10:00:00.000Z",
    ...overrides,
  };
}

export async function addDestination(db: Db, projectId: string, input: DestinationInput) {
  return createDestination({ db, projectId, input, actor: ACTOR });
}

/** Enqueues one message for a destination (or a member); returns its dedup key. */
export async function enqueue(
  db: Db,
  projectId: string,
  to: { destinationId: string } | { userId: string },
  payload: AlertMessage = message(),
  extra: { incidentId?: string; notBefore?: Date } = {},
) {
  const dedupKey = `${payload.dedupKey}:${payload.event}:${randomUUID().slice(0, 8)}`;
  await enqueueNotifications(db, [
    { projectId, ...to, dedupKey, kind: `alert.${payload.event}`, payload, ...extra },
  ]);
  return dedupKey;
}
