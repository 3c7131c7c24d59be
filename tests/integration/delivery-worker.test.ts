// The outbox worker against real PostgreSQL and a receiver on loopback: Retry-After honoured (time injected:
// the worker is handed `now`, nothing sleeps), a permanent 4xx fails after one attempt, 5xx backs off and gives
// up after the policy's attempts, two workers on two pools send each row once, an expired lease is taken over,
// and disabled destinations and muted incidents are suppressed without a request.
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { alertRule, auditLog, destination, incident, notification } from "@/db/schema";
import type { RetryPolicy } from "@/lib/delivery/http";
import { sendTestNotification } from "@/lib/delivery/send-test";
import { runDeliveryOnce } from "@/lib/delivery/worker";
import { createTestProject, openTestDb } from "../helpers/db";
import { ACTOR, addDestination, enqueue, message } from "../helpers/delivery";
import { loopbackReceiver } from "../helpers/receiver";

vi.hoisted(() => {
  process.env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE = "1";
});

let a: DbHandle;
let b: DbHandle;
beforeAll(async () => {
  a = await openTestDb();
  b = await openTestDb();
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

const POLICY: RetryPolicy = { delaysMs: [5_000, 30_000], timeoutMs: 5_000, maxRetryAfterMs: 60_000 };

async function setUp(url: string) {
  const projectId = (await createTestProject(a)).id;
  const { destination: d } = await addDestination(a.db, projectId, {
    name: "hook",
    kind: "webhook",
    config: { url },
  });
  return { projectId, destinationId: d.id };
}
const row = async (dedupKey: string) =>
  (await a.db.select().from(notification).where(eq(notification.dedupKey, dedupKey)))[0];

describe("retries", () => {
  it("honours Retry-After: 429 with Retry-After: 1, then 200 at least 1 s later", async () => {
    const recv = await loopbackReceiver(() =>
      recv.got.length === 1 ? { status: 429, headers: { "retry-after": "1" } } : { status: 200 },
    );
    try {
      const { projectId, destinationId } = await setUp(`http://127.0.0.1:${recv.port}/`);
      const key = await enqueue(a.db, projectId, { destinationId });
      const t0 = new Date(Date.now() + 1_000);
      const opts = { projectIds: [projectId], policy: POLICY };
      expect((await runDeliveryOnce(a.db, t0, opts))[0]).toMatchObject({
        status: "pending",
        responseStatus: 429,
      });
      // the policy's own delay would be 5 s; Retry-After says 1 s: next_attempt_at = t0 + 1000 ms
      expect((await row(key))?.nextAttemptAt.getTime()).toBe(t0.getTime() + 1_000);
      // 999 ms later: not due yet, nothing sent
      expect(await runDeliveryOnce(a.db, new Date(t0.getTime() + 999), opts)).toEqual([]);
      expect(recv.got).toHaveLength(1);
      const second = await runDeliveryOnce(a.db, new Date(t0.getTime() + 1_000), opts);
      expect(second[0]).toMatchObject({ status: "sent", attempts: 2, responseStatus: 200 });
      expect(recv.got).toHaveLength(2);
      const r = await row(key);
      expect([r?.status, r?.attempts, r?.lastError]).toEqual(["sent", 2, null]);
    } finally {
      await recv.close();
    }
  });

  it("caps a long Retry-After at the policy's maximum", async () => {
    const recv = await loopbackReceiver(() => ({ status: 503, headers: { "retry-after": "86400" } }));
    try {
      const { projectId, destinationId } = await setUp(`http://127.0.0.1:${recv.port}/`);
      const key = await enqueue(a.db, projectId, { destinationId });
      const t0 = new Date(Date.now() + 1_000);
      await runDeliveryOnce(a.db, t0, { projectIds: [projectId], policy: POLICY });
      // a day asked for, 60 s (maxRetryAfterMs) granted
      expect((await row(key))?.nextAttemptAt.getTime()).toBe(t0.getTime() + 60_000);
    } finally {
      await recv.close();
    }
  });

  it("fails a permanent 400 after one attempt", async () => {
    const recv = await loopbackReceiver(() => ({ status: 400 }));
    try {
      const { projectId, destinationId } = await setUp(`http://127.0.0.1:${recv.port}/`);
      const key = await enqueue(a.db, projectId, { destinationId });
      const [o] = await runDeliveryOnce(a.db, new Date(), { projectIds: [projectId], policy: POLICY });
      expect(o).toMatchObject({ status: "failed", attempts: 1, responseStatus: 400, error: "HTTP 400: ok" });
      // nothing left to do later
      expect(
        await runDeliveryOnce(a.db, new Date(Date.now() + 3_600_000), { projectIds: [projectId] }),
      ).toEqual([]);
      expect(recv.got).toHaveLength(1);
      expect((await row(key))?.status).toBe("failed");
    } finally {
      await recv.close();
    }
  });

  it("backs off on 500 and fails after the policy's attempts (1 + 2 retries)", async () => {
    const recv = await loopbackReceiver(() => ({ status: 500 }));
    try {
      const { projectId, destinationId } = await setUp(`http://127.0.0.1:${recv.port}/`);
      const key = await enqueue(a.db, projectId, { destinationId });
      const t0 = Date.now() + 1_000;
      const opts = { projectIds: [projectId], policy: POLICY };
      // attempt 1 at t0 -> next at t0 + 5 s; attempt 2 at t0 + 5 s -> next at t0 + 35 s; attempt 3 is the last
      expect((await runDeliveryOnce(a.db, new Date(t0), opts))[0]?.status).toBe("pending");
      expect((await row(key))?.nextAttemptAt.getTime()).toBe(t0 + 5_000);
      expect((await runDeliveryOnce(a.db, new Date(t0 + 5_000), opts))[0]?.status).toBe("pending");
      expect((await row(key))?.nextAttemptAt.getTime()).toBe(t0 + 35_000);
      expect((await runDeliveryOnce(a.db, new Date(t0 + 35_000), opts))[0]).toMatchObject({
        status: "failed",
        attempts: 3,
      });
      expect(recv.got).toHaveLength(3);
    } finally {
      await recv.close();
    }
  });
});

describe("exactly once", () => {
  it("two workers on two pools, claiming at the same moment, deliver each of 30 rows once", async () => {
    const recv = await loopbackReceiver(() => ({ status: 200 }));
    const c = await openTestDb();
    try {
      const { projectId, destinationId } = await setUp(`http://127.0.0.1:${recv.port}/`);
      for (let i = 0; i < 30; i++) await enqueue(a.db, projectId, { destinationId });
      const now = new Date();
      const pass = () =>
        Promise.all([
          runDeliveryOnce(a.db, now, { projectIds: [projectId], instanceId: "a", limit: 30 }),
          runDeliveryOnce(b.db, now, { projectIds: [projectId], instanceId: "b", limit: 30 }),
        ]);
      // Make both claims start together: a third connection holds the table in EXCLUSIVE mode while both
      // workers issue their claim, so both wait on the same lock and run the moment it is released (a claim
      // that read the rows first and updated them after would then take all 30 twice).
      let first: Promise<unknown> = Promise.resolve();
      await c.db.transaction(async (tx) => {
        await tx.execute(sql`lock table notification in exclusive mode`);
        first = pass();
        await new Promise((r) => setTimeout(r, 300));
      });
      const [byA, byB] = (await first) as Awaited<ReturnType<typeof pass>>;
      // 30 claimed between them, none twice
      expect(byA.length + byB.length).toBe(30);
      expect(await pass()).toEqual([[], []]);
      const ids = recv.got.map((g) => String(g.headers["fleetwatch-delivery"]));
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      const rows = await a.db.select().from(notification).where(eq(notification.projectId, projectId));
      expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    } finally {
      await Promise.all([recv.close(), c.close()]);
    }
  });

  it("takes over a row whose claim expired (its instance died mid-send), not one still leased", async () => {
    const recv = await loopbackReceiver(() => ({ status: 200 }));
    try {
      const { projectId, destinationId } = await setUp(`http://127.0.0.1:${recv.port}/`);
      const key = await enqueue(a.db, projectId, { destinationId });
      const now = Date.now();
      await a.db
        .update(notification)
        .set({ status: "sending", claimedBy: "dead", claimedUntil: new Date(now + 60_000), attempts: 1 })
        .where(eq(notification.dedupKey, key));
      expect(await runDeliveryOnce(a.db, new Date(now), { projectIds: [projectId] })).toEqual([]);
      const [o] = await runDeliveryOnce(a.db, new Date(now + 60_001), {
        projectIds: [projectId],
        instanceId: "b",
      });
      expect(o).toMatchObject({ status: "sent", attempts: 2 });
      expect(recv.got).toHaveLength(1);
    } finally {
      await recv.close();
    }
  });
});

describe("suppression", () => {
  it("suppresses rows of a disabled destination and of a muted incident, without a request", async () => {
    const recv = await loopbackReceiver(() => ({ status: 200 }));
    try {
      const { projectId, destinationId } = await setUp(`http://127.0.0.1:${recv.port}/`);
      const [rule] = await a.db
        .insert(alertRule)
        .values({ projectId, name: "offline", kind: "agent_offline" })
        .returning();
      const [muted] = await a.db
        .insert(incident)
        .values({
          projectId,
          ruleId: rule?.id ?? "",
          groupKey: "agent:x",
          severity: "error",
          title: "x",
          muted: true,
        })
        .returning();
      const k1 = await enqueue(
        a.db,
        projectId,
        { destinationId },
        message({ incidentId: muted?.id ?? null }),
        {
          incidentId: muted?.id,
        },
      );
      const [o1] = await runDeliveryOnce(a.db, new Date(), { projectIds: [projectId] });
      expect(o1).toMatchObject({ status: "suppressed", error: "the incident is muted" });
      await a.db.update(destination).set({ enabled: false }).where(eq(destination.id, destinationId));
      const k2 = await enqueue(a.db, projectId, { destinationId });
      const [o2] = await runDeliveryOnce(a.db, new Date(), { projectIds: [projectId] });
      expect(o2).toMatchObject({ status: "suppressed", error: "the destination is disabled" });
      expect(recv.connections()).toBe(0);
      const rows = await a.db
        .select()
        .from(notification)
        .where(inArray(notification.dedupKey, [k1, k2]));
      expect(rows.map((r) => r.status)).toEqual(["suppressed", "suppressed"]);
    } finally {
      await recv.close();
    }
  });
});

describe("send test", () => {
  it("sends a test message now, retrying with the short policy, logged and audited", async () => {
    const recv = await loopbackReceiver(() =>
      recv.got.length === 1 ? { status: 503, headers: { "retry-after": "2" } } : { status: 200 },
    );
    try {
      const { projectId, destinationId } = await setUp(`http://127.0.0.1:${recv.port}/`);
      const slept: number[] = [];
      const outcome = await sendTestNotification({
        db: a.db,
        projectId,
        id: destinationId,
        actor: ACTOR,
        baseUrl: "https://fleet.example.com",
        sleep: async (ms) => {
          slept.push(ms);
        },
      });
      // 503 + Retry-After: 2 -> one wait of 2000 ms (under TEST_POLICY's 5 s cap), then 200
      expect(slept).toEqual([2_000]);
      expect(outcome).toMatchObject({ status: "sent", attempts: 2, responseStatus: 200, error: null });
      const body = JSON.parse(recv.got[1]?.body ?? "{}");
      expect(body.message).toMatchObject({
        event: "test",
        title: "Fleetwatch test notification",
        severity: "info",
      });
      expect(body.message.url).toBe("https://fleet.example.com/settings/alerts/destinations");
      const [logged] = await a.db
        .select()
        .from(notification)
        .where(eq(notification.id, outcome?.notificationId ?? ""));
      expect([logged?.kind, logged?.status, logged?.attempts]).toEqual(["test", "sent", 2]);
      // the worker leaves a finished test alone
      expect(
        await runDeliveryOnce(a.db, new Date(Date.now() + 3_600_000), { projectIds: [projectId] }),
      ).toEqual([]);
      const audit = await a.db.select().from(auditLog).where(eq(auditLog.objectId, destinationId));
      expect(audit.map((e) => e.action).sort()).toEqual(["destination.create", "destination.test"]);
      expect(JSON.stringify(audit)).not.toContain("whsec_");
    } finally {
      await recv.close();
    }
  });

  it("answers null for a destination of another project", async () => {
    const { destinationId } = await setUp("http://127.0.0.1:9/");
    const other = (await createTestProject(a)).id;
    expect(
      await sendTestNotification({ db: a.db, projectId: other, id: destinationId, actor: ACTOR }),
    ).toBeNull();
  });
});
