// Issue 15, from rule to receiver: a stalled-job rule fires, and the outbox worker delivers the trigger to a
// signed-webhook receiver, an SMTP server and a PagerDuty-shaped receiver (all real, on localhost); a second
// match notifies nobody; the cleared condition resolves the incident and each receiver hears the resolution.
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { job } from "@/db/schema";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { runDeliveryOnce } from "@/lib/delivery/worker";
import { addJob, addRule, incidentsOf, MIN } from "../helpers/alerts";
import { createTestProject, openTestDb } from "../helpers/db";
import { addDestination } from "../helpers/delivery";
import { loopbackReceiver } from "../helpers/receiver";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp";

// the receivers are on loopback; env is read once, at import
vi.hoisted(() => {
  process.env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE = "1";
});

const T = new Date("2026-12-04T12:30:00Z");
const at = (ms: number) => new Date(T.getTime() + ms);
const ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";

describe("an alert from rule to receivers", () => {
  let handle: DbHandle;
  let sink: SmtpSink;
  let hook: Awaited<ReturnType<typeof loopbackReceiver>>;
  let pd: Awaited<ReturnType<typeof loopbackReceiver>>;
  beforeAll(async () => {
    handle = await openTestDb();
    sink = await startSmtpSink();
    hook = await loopbackReceiver(() => ({ status: 200 }));
    pd = await loopbackReceiver((req) => {
      const e = JSON.parse(req.body) as { routing_key?: string };
      return { status: e.routing_key === ROUTING_KEY ? 202 : 400 };
    });
  });
  afterAll(async () => {
    await Promise.all([sink.close(), hook.close(), pd.close()]);
    await handle.close();
  });

  it("delivers the trigger once to each destination, and the resolution when the condition clears", async () => {
    const db = handle.db;
    const projectId = (await createTestProject(handle)).id;
    const webhook = await addDestination(db, projectId, {
      name: "hook",
      kind: "webhook",
      config: { url: `http://127.0.0.1:${hook.port}/hook` },
    });
    const email = await addDestination(db, projectId, {
      name: "oncall",
      kind: "email",
      config: { to: ["oncall@fleet.test"] },
    });
    const pager = await addDestination(db, projectId, {
      name: "pd",
      kind: "pagerduty",
      config: { routingKey: ROUTING_KEY, url: `http://127.0.0.1:${pd.port}/v2/enqueue` },
    });
    await addRule(db, projectId, {
      name: "Stalled jobs",
      kind: "job_stalled",
      groupBy: "job",
      severity: "critical",
      resolveAfterSeconds: 300,
      destinationIds: [webhook.destination.id, email.destination.id, pager.destination.id],
    });
    // running, silent for 20 min against the project's 15 min stall time
    const stalled = await addJob(db, projectId, {
      status: "running",
      startedAt: at(-30 * MIN),
      lastEventAt: at(-20 * MIN),
    });
    const mail = { smtpUrl: sink.url, from: "Fleetwatch <alerts@fleet.test>" };
    const deliver = () =>
      runDeliveryOnce(db, new Date(), { projectIds: [projectId], instanceId: "w1", mail });
    const tick = (t: Date) => evaluateAlerts(db, t, { projectIds: [projectId] });

    // opened: three notifications, one per destination
    expect((await tick(T)).opened).toBe(1);
    expect((await deliver()).map((o) => o.status)).toEqual(["sent", "sent", "sent"]);
    const [trigger] = hook.got;
    const [, t, v1] =
      /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(trigger?.headers["fleetwatch-signature"])) ?? [];
    const secret = webhook.secret ?? "";
    expect(createHmac("sha256", secret).update(`${t}.${trigger?.body}`).digest("hex")).toBe(v1);
    expect(JSON.parse(trigger?.body ?? "{}")).toMatchObject({ type: "alert", event: "trigger" });
    const [m1] = await sink.waitFor(1);
    expect(m1?.subject).toMatch(/^\[CRITICAL\] /);
    expect(JSON.parse(pd.got[0]?.body ?? "{}")).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: "trigger",
    });

    // a minute later it still matches: the incident is updated, nobody is notified again
    await tick(at(MIN));
    expect(await deliver()).toEqual([]);
    expect([hook.got.length, sink.messages.length, pd.got.length]).toEqual([1, 1, 1]);

    // the job ends: clear at +2 min, resolved once it stayed clear for 300 s, and each receiver hears it
    await db
      .update(job)
      .set({ status: "succeeded", endedAt: at(2 * MIN) })
      .where(eq(job.id, stalled.id));
    await tick(at(2 * MIN));
    expect((await incidentsOf(db, projectId))[0]?.status).toBe("firing");
    expect((await tick(at(2 * MIN + 300_000))).resolved).toBe(1);
    expect((await deliver()).map((o) => o.status)).toEqual(["sent", "sent", "sent"]);
    expect(JSON.parse(hook.got[1]?.body ?? "{}")).toMatchObject({ event: "resolve" });
    const [, m2] = await sink.waitFor(2);
    expect(m2?.subject).toMatch(/^\[CRITICAL\] /);
    const events = pd.got.map((g) => JSON.parse(g.body) as { event_action: string; dedup_key: string });
    expect(events.map((e) => e.event_action)).toEqual(["trigger", "resolve"]);
    expect(events[0]?.dedup_key).toBe(events[1]?.dedup_key); // one PagerDuty incident, opened then closed
  });
});
