// Destinations of a project and their delivery log: named queries for the settings page, the API and the
// server actions. Every change is recorded in the audit log in its own transaction, secrets left out.
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type DestinationKind, destination, notification } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { OutboundRefusedError, vetTarget } from "@/lib/net/outbound";
import {
  configSchemas,
  type DestinationInput,
  type DestinationPatch,
  generateSecret,
  parseStoredConfig,
  publicConfig,
  targetOf,
} from "./config";

export const DELIVERY_LOG_SIZE = 50;

export type DestinationView = {
  id: string;
  name: string;
  kind: DestinationKind;
  enabled: boolean;
  /** Secrets shown as "set". */
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

type Row = typeof destination.$inferSelect;

export function toView(d: Row): DestinationView {
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    enabled: d.enabled,
    config: publicConfig(d.kind, d.config),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** A user error the API answers with 400 and the actions return as { ok: false }. */
export class DestinationError extends Error {
  override name = "DestinationError";
}

/** Refuses a URL pointing at this machine, a private network or the metadata service (checked again at send). */
async function checkTarget(url: string | null) {
  if (!url) return;
  try {
    await vetTarget(url);
  } catch (e) {
    if (e instanceof OutboundRefusedError)
      throw new DestinationError(`Fleetwatch will not send there: ${e.message}`);
    // a name that does not resolve yet is accepted
  }
}

const audited = (d: Row) => ({
  name: d.name,
  kind: d.kind,
  enabled: d.enabled,
  config: publicConfig(d.kind, d.config),
});

export async function listDestinations({ db, projectId }: { db: Db; projectId: string }) {
  const rows = await db
    .select()
    .from(destination)
    .where(eq(destination.projectId, projectId))
    .orderBy(destination.createdAt, destination.id)
    .limit(200);
  return rows.map(toView);
}

export async function getDestination({ db, projectId, id }: { db: Db; projectId: string; id: string }) {
  const [row] = await db
    .select()
    .from(destination)
    .where(and(eq(destination.projectId, projectId), eq(destination.id, id)));
  return row ?? null;
}

/** Adds a destination; a webhook without a secret gets one, returned this once. */
export async function createDestination({
  db,
  projectId,
  input,
  actor,
  userId = null,
}: {
  db: Db;
  projectId: string;
  input: DestinationInput;
  actor: AuditActor;
  userId?: string | null;
}): Promise<{ destination: DestinationView; secret: string | null }> {
  let secret: string | null = null;
  let config: unknown = input.config;
  if (input.kind === "webhook" && !input.config.secret) {
    secret = generateSecret();
    config = { ...input.config, secret };
  }
  await checkTarget(targetOf(parseStoredConfig(input.kind, config)));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(destination)
      .values({
        projectId,
        name: input.name,
        kind: input.kind,
        config,
        enabled: input.enabled ?? true,
        createdBy: userId,
      })
      .returning();
    if (!row) throw new Error("destination could not be created");
    await recordAudit(tx, actor, {
      action: "destination.create",
      objectType: "destination",
      objectId: row.id,
      objectLabel: row.name,
      projectId,
      after: audited(row),
    });
    return { destination: toView(row), secret };
  });
}

/** Applies a change; a config is checked against the destination's kind (a webhook keeps its secret if none is given). */
export async function updateDestination({
  db,
  projectId,
  id,
  patch,
  actor,
}: {
  db: Db;
  projectId: string;
  id: string;
  patch: DestinationPatch;
  actor: AuditActor;
}): Promise<DestinationView | null> {
  const current = await getDestination({ db, projectId, id });
  if (!current) return null;
  let config: unknown;
  if (patch.config) {
    const parsed = configSchemas()[current.kind].safeParse(patch.config);
    if (!parsed.success)
      throw new DestinationError(parsed.error.issues[0]?.message ?? `Invalid ${current.kind} settings`);
    config = parsed.data;
    if (current.kind === "webhook" && !(config as { secret?: string }).secret)
      config = { ...(config as object), secret: (current.config as { secret?: string }).secret };
    await checkTarget(targetOf(parseStoredConfig(current.kind, config)));
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(destination)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(config !== undefined ? { config } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(destination.projectId, projectId), eq(destination.id, id)))
      .returning();
    if (!row) return null;
    await recordAudit(tx, actor, {
      action: "destination.update",
      objectType: "destination",
      objectId: row.id,
      objectLabel: row.name,
      projectId,
      before: audited(current),
      after: audited(row),
    });
    return toView(row);
  });
}

export async function deleteDestination({
  db,
  projectId,
  id,
  actor,
}: {
  db: Db;
  projectId: string;
  id: string;
  actor: AuditActor;
}): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(destination)
      .where(and(eq(destination.projectId, projectId), eq(destination.id, id)))
      .returning();
    if (!row) return false;
    await recordAudit(tx, actor, {
      action: "destination.delete",
      objectType: "destination",
      objectId: row.id,
      objectLabel: row.name,
      projectId,
      before: audited(row),
    });
    return true;
  });
}

export type DeliveryLogRow = {
  id: string;
  createdAt: string;
  kind: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  sentAt: string | null;
};

/** The destination's last 50 notifications, newest first. */
export async function deliveryLog({
  db,
  projectId,
  destinationId,
}: {
  db: Db;
  projectId: string;
  destinationId: string;
}): Promise<DeliveryLogRow[]> {
  const rows = await db
    .select()
    .from(notification)
    .where(and(eq(notification.projectId, projectId), eq(notification.destinationId, destinationId)))
    .orderBy(desc(notification.createdAt), desc(notification.id))
    .limit(DELIVERY_LOG_SIZE);
  return rows.map((n) => ({
    id: n.id,
    createdAt: n.createdAt.toISOString(),
    kind: n.kind,
    status: n.status,
    attempts: n.attempts,
    responseStatus: n.responseStatus,
    error: n.lastError,
    sentAt: n.sentAt?.toISOString() ?? null,
  }));
}
