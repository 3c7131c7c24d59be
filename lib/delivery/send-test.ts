// "Send test": a test AlertMessage to one destination, now, with the short retry policy, while the admin waits.
// It goes through the outbox table like any notification (kind "test"), so it shows in the delivery log; the
// row is claimed by this request from the start, so the worker leaves it alone unless this process dies.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notification, project } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/env";
import type { MailConfig } from "@/lib/mail/mailer";
import { parseStoredConfig } from "./config";
import { type FetchLike, TEST_POLICY, withRetries } from "./http";
import type { AlertMessage } from "./outbox";
import { getDestination } from "./queries";
import { sendTo } from "./senders";

export type TestOutcome = {
  notificationId: string;
  status: "sent" | "failed";
  attempts: number;
  responseStatus: number | null;
  error: string | null;
};

const LEASE_MS = 2 * 60_000;

export function testMessage(
  p: { slug: string; name: string },
  destinationId: string,
  baseUrl: string,
): AlertMessage {
  const url = `${baseUrl.replace(/\/$/, "")}/settings/alerts/destinations`;
  return {
    event: "test",
    incidentId: null,
    dedupKey: `test:${destinationId}`,
    title: "Fleetwatch test notification",
    text: `This is a test notification for project ${p.name}. If you can read it, this destination works.`,
    severity: "info",
    project: { slug: p.slug, name: p.name },
    url,
    fields: [{ label: "Sent", value: new Date().toISOString() }],
    occurredAt: new Date().toISOString(),
  };
}

/** null when the destination is not in the project. */
export async function sendTestNotification({
  db,
  projectId,
  id,
  actor,
  baseUrl = env.FLEETWATCH_URL ?? "http://localhost:3000",
  fetch,
  mail,
  sleep,
}: {
  db: Db;
  projectId: string;
  id: string;
  actor: AuditActor;
  baseUrl?: string;
  fetch?: FetchLike;
  mail?: MailConfig | null;
  sleep?: (ms: number) => Promise<void>;
}): Promise<TestOutcome | null> {
  const dest = await getDestination({ db, projectId, id });
  if (!dest) return null;
  const [p] = await db
    .select({ slug: project.slug, name: project.name })
    .from(project)
    .where(eq(project.id, projectId));
  if (!p) return null;
  const message = testMessage(p, dest.id, baseUrl);
  const claimedBy = `test:${randomUUID()}`;
  const [row] = await db
    .insert(notification)
    .values({
      projectId,
      destinationId: dest.id,
      dedupKey: `test:${dest.id}:${randomUUID()}`,
      kind: "test",
      payload: message,
      status: "sending",
      claimedBy,
      claimedUntil: new Date(Date.now() + LEASE_MS),
    })
    .returning({ id: notification.id });
  if (!row) throw new Error("test notification could not be recorded");
  const result = await withRetries(
    async () => {
      try {
        return await sendTo(parseStoredConfig(dest.kind, dest.config), message, row.id, {
          fetch,
          mail,
          timeoutMs: TEST_POLICY.timeoutMs,
        });
      } catch (e) {
        return {
          ok: false,
          responseStatus: null,
          error: (e as Error).message,
          retryable: false,
          retryAfterMs: null,
        };
      }
    },
    {
      policy: TEST_POLICY,
      sleep,
      onAttempt: async (attempt, r, last) => {
        await db
          .update(notification)
          .set({
            status: r.ok ? "sent" : last ? "failed" : "sending",
            attempts: attempt,
            responseStatus: r.responseStatus,
            lastError: r.error,
            ...(r.ok ? { sentAt: new Date() } : {}),
            ...(last ? { claimedUntil: null } : {}),
          })
          .where(eq(notification.id, row.id));
      },
    },
  );
  const outcome: TestOutcome = {
    notificationId: row.id,
    status: result.ok ? "sent" : "failed",
    attempts: result.attempts,
    responseStatus: result.responseStatus,
    error: result.error,
  };
  await recordAudit(db, actor, {
    action: "destination.test",
    objectType: "destination",
    objectId: dest.id,
    objectLabel: dest.name,
    projectId,
    after: { status: outcome.status, attempts: outcome.attempts, responseStatus: outcome.responseStatus },
  });
  return outcome;
}
