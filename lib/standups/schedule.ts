// The daily standup delivery. One tick looks at every project with a standup time: once that local time has
// come, yesterday's fleet standup goes to its enabled webhooks. Several app instances may tick at once: the
// one whose INSERT into standup_run (project, day) wins sends; the others see the row and do nothing.
import { and, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { project, standupRun, webhookDelivery } from "@/db/schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { buildStandup } from "./build";
import { isTimeZone, localTime, yesterday } from "./days";
import {
  type DeliveryResult,
  deliver,
  type FetchLike,
  type RetryPolicy,
  standupPayload,
  TEST_POLICY,
} from "./deliver";
import { gatherFacts } from "./facts";
import { standupToMarkdown } from "./markdown";
import { getStandupProject } from "./queries";
import { enabledWebhooks, getWebhook, STANDUP_TIME } from "./webhooks";

/** A run still "sending" after this long was abandoned (its instance died): another instance takes it over. */
export const STALE_RUN_MS = 10 * 60_000;

type SendOptions = { fetch?: FetchLike; sleep?: (ms: number) => Promise<void>; policy?: RetryPolicy };

async function fleetStandup(db: DbOrTx, projectId: string, day: string, now: Date, test: boolean) {
  const p = await getStandupProject({ db, projectId });
  const standup = buildStandup(await gatherFacts({ db, project: p, day, now }));
  const markdown = standupToMarkdown(standup, { baseUrl: env.FLEETWATCH_URL ?? null, test });
  return standupPayload(standup, markdown, test);
}

/** Claims (project, day) for this instance: true when this instance is the one to send. */
async function claim(db: DbOrTx, projectId: string, day: string, instanceId: string, now: Date) {
  const inserted = await db
    .insert(standupRun)
    .values({ projectId, day, claimedBy: instanceId, claimedAt: now, status: "sending" })
    .onConflictDoNothing()
    .returning({ day: standupRun.day });
  if (inserted.length > 0) return true;
  const taken = await db
    .update(standupRun)
    .set({ claimedBy: instanceId, claimedAt: now })
    .where(
      and(
        eq(standupRun.projectId, projectId),
        eq(standupRun.day, day),
        eq(standupRun.status, "sending"),
        lt(standupRun.claimedAt, new Date(now.getTime() - STALE_RUN_MS)),
      ),
    )
    .returning({ day: standupRun.day });
  return taken.length > 0;
}

export type ScheduledRun = {
  projectId: string;
  day: string;
  status: "sent" | "failed";
  deliveries: DeliveryResult[];
};

/** One pass over the projects; returns the runs this instance sent. */
export async function runStandupSchedule({
  db,
  now = new Date(),
  instanceId,
  ...send
}: { db: DbOrTx; now?: Date; instanceId: string } & SendOptions): Promise<ScheduledRun[]> {
  const projects = await db
    .select({ id: project.id, timezone: project.timezone, standupTime: project.standupTime })
    .from(project)
    .where(and(isNotNull(project.standupTime), isNull(project.deletedAt)));
  const runs: ScheduledRun[] = [];
  for (const p of projects) {
    if (!p.standupTime || !STANDUP_TIME.test(p.standupTime) || !isTimeZone(p.timezone)) continue;
    if (localTime(now, p.timezone) < p.standupTime) continue;
    const day = yesterday(now, p.timezone);
    const hooks = await enabledWebhooks({ db, projectId: p.id });
    if (hooks.length === 0) continue;
    if (!(await claim(db, p.id, day, instanceId, now))) continue;
    const deliveries: DeliveryResult[] = [];
    try {
      // a run taken over from a dead instance skips the webhooks that already have it
      const done = await db
        .select({ webhookId: webhookDelivery.webhookId })
        .from(webhookDelivery)
        .where(
          and(
            eq(webhookDelivery.projectId, p.id),
            eq(webhookDelivery.kind, "standup"),
            eq(webhookDelivery.day, day),
            eq(webhookDelivery.status, "delivered"),
          ),
        );
      const payload = await fleetStandup(db, p.id, day, now, false);
      for (const hook of hooks.filter((h) => !done.some((d) => d.webhookId === h.id))) {
        deliveries.push(
          await deliver({ db, projectId: p.id, webhook: hook, kind: "standup", day, payload, ...send }),
        );
      }
    } catch (err) {
      logger.error({ err, projectId: p.id, day }, "standup delivery failed");
    }
    const status =
      deliveries.length > 0 && deliveries.every((d) => d.status === "delivered") ? "sent" : "failed";
    await db
      .update(standupRun)
      .set({ status, finishedAt: sql`now()` })
      .where(and(eq(standupRun.projectId, p.id), eq(standupRun.day, day)));
    runs.push({ projectId: p.id, day, status, deliveries });
  }
  return runs;
}

/** Posts yesterday's fleet standup, marked as a test, to one webhook (the settings page's "Send test"). */
export async function sendTestStandup({
  db,
  projectId,
  webhookId,
  now = new Date(),
  ...send
}: {
  db: DbOrTx;
  projectId: string;
  webhookId: string;
  now?: Date;
} & SendOptions): Promise<DeliveryResult | null> {
  const hook = await getWebhook({ db, projectId, id: webhookId });
  if (!hook) return null;
  const p = await getStandupProject({ db, projectId });
  const day = yesterday(now, p.timezone);
  const payload = await fleetStandup(db, projectId, day, now, true);
  return deliver({ db, projectId, webhook: hook, kind: "test", day, payload, policy: TEST_POLICY, ...send });
}
