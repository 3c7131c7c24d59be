// Outbound webhooks and the delivery schedule of a project: named queries for the settings page and actions.
import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { outboundWebhook, project, standupRun, webhookDelivery } from "@/db/schema";
import { OutboundRefusedError, vetTarget } from "@/lib/net/outbound";

export const STANDUP_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const DELIVERIES_SHOWN = 20;

export const webhookInput = z.object({
  name: z.string().trim().min(1, "Give the webhook a name").max(100),
  url: z
    .url({ protocol: /^https?$/, error: "Enter an http(s) URL" })
    .max(2000)
    .refine((u) => !/\s/.test(u), "Enter an http(s) URL"),
});

export const scheduleInput = z.object({
  standupTime: z.string().regex(STANDUP_TIME, "Use HH:MM (24-hour clock)").nullable(),
});

export type WebhookView = { id: string; name: string; url: string; enabled: boolean; createdAt: string };

export async function listWebhooks({
  db,
  projectId,
}: {
  db: DbOrTx;
  projectId: string;
}): Promise<WebhookView[]> {
  const rows = await db
    .select()
    .from(outboundWebhook)
    .where(eq(outboundWebhook.projectId, projectId))
    .orderBy(outboundWebhook.createdAt, outboundWebhook.id)
    .limit(50);
  return rows.map((w) => ({
    id: w.id,
    name: w.name,
    url: w.url,
    enabled: w.enabled,
    createdAt: w.createdAt.toISOString(),
  }));
}

/** Enabled webhooks with their secrets (for sending). */
export function enabledWebhooks({ db, projectId }: { db: DbOrTx; projectId: string }) {
  return db
    .select({ id: outboundWebhook.id, url: outboundWebhook.url, secret: outboundWebhook.secret })
    .from(outboundWebhook)
    .where(and(eq(outboundWebhook.projectId, projectId), eq(outboundWebhook.enabled, true)))
    .orderBy(outboundWebhook.createdAt, outboundWebhook.id)
    .limit(50);
}

export function getWebhook({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  return db
    .select()
    .from(outboundWebhook)
    .where(and(eq(outboundWebhook.projectId, projectId), eq(outboundWebhook.id, id)))
    .then((rows) => rows[0] ?? null);
}

/**
 * Throws OutboundRefusedError when the URL points at this machine, a private network or the metadata
 * service (checked again at every send: DNS may change). A name that does not resolve yet is accepted.
 */
export async function checkWebhookUrl(url: string): Promise<void> {
  try {
    await vetTarget(url);
  } catch (e) {
    if (e instanceof OutboundRefusedError) throw e;
  }
}

/** Adds a webhook with a new signing secret; the secret is returned this once. */
export async function createWebhook({
  db,
  projectId,
  input,
}: {
  db: DbOrTx;
  projectId: string;
  input: z.infer<typeof webhookInput>;
}): Promise<{ id: string; secret: string }> {
  await checkWebhookUrl(input.url);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const [row] = await db
    .insert(outboundWebhook)
    .values({ projectId, name: input.name, url: input.url, secret })
    .returning({ id: outboundWebhook.id });
  if (!row) throw new Error("webhook could not be created");
  return { id: row.id, secret };
}

/**
 * A webhook as the audit log shows it: its name, whether it is on, and only the origin of its URL (chat
 * webhook URLs carry their secret in the path); never the signing secret.
 */
export function webhookAuditValues(w: { name: string; url: string; enabled?: boolean }) {
  let target = "(invalid URL)";
  try {
    const u = new URL(w.url);
    target = u.pathname === "/" && !u.search ? u.origin : `${u.origin}/…`;
  } catch {}
  return { name: w.name, url: target, ...(w.enabled === undefined ? {} : { enabled: w.enabled }) };
}

export async function setWebhookEnabled({
  db,
  projectId,
  id,
  enabled,
}: {
  db: DbOrTx;
  projectId: string;
  id: string;
  enabled: boolean;
}): Promise<boolean> {
  const rows = await db
    .update(outboundWebhook)
    .set({ enabled })
    .where(and(eq(outboundWebhook.projectId, projectId), eq(outboundWebhook.id, id)))
    .returning({ id: outboundWebhook.id });
  return rows.length > 0;
}

export async function deleteWebhook({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  const rows = await db
    .delete(outboundWebhook)
    .where(and(eq(outboundWebhook.projectId, projectId), eq(outboundWebhook.id, id)))
    .returning({ id: outboundWebhook.id });
  return rows.length > 0;
}

export type DeliveryView = {
  id: string;
  webhook: string;
  kind: string;
  day: string | null;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
};

/** The latest deliveries of the project's webhooks, newest first. */
export async function listDeliveries({
  db,
  projectId,
}: {
  db: DbOrTx;
  projectId: string;
}): Promise<DeliveryView[]> {
  const rows = await db
    .select({ d: webhookDelivery, name: outboundWebhook.name })
    .from(webhookDelivery)
    .innerJoin(outboundWebhook, eq(outboundWebhook.id, webhookDelivery.webhookId))
    .where(eq(webhookDelivery.projectId, projectId))
    .orderBy(desc(webhookDelivery.createdAt), desc(webhookDelivery.id))
    .limit(DELIVERIES_SHOWN);
  return rows.map(({ d, name }) => ({
    id: d.id,
    webhook: name,
    kind: d.kind,
    day: d.day,
    status: d.status,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    error: d.error,
    createdAt: d.createdAt.toISOString(),
  }));
}

export async function saveSchedule({
  db,
  projectId,
  input,
}: {
  db: DbOrTx;
  projectId: string;
  input: z.infer<typeof scheduleInput>;
}): Promise<void> {
  await db.update(project).set({ standupTime: input.standupTime }).where(eq(project.id, projectId));
}

/** The latest scheduled run of the project (which day, by which instance, how it ended). */
export async function lastStandupRun({ db, projectId }: { db: DbOrTx; projectId: string }) {
  const [row] = await db
    .select()
    .from(standupRun)
    .where(eq(standupRun.projectId, projectId))
    .orderBy(desc(standupRun.day))
    .limit(1);
  return row
    ? {
        day: row.day,
        status: row.status,
        claimedAt: row.claimedAt.toISOString(),
        finishedAt: row.finishedAt?.toISOString() ?? null,
      }
    : null;
}
