// Issue 18 point 5: a missed or failed scheduled run raises an alert through a schedule_run rule, exactly once
// per slot, delivered to a real signed-webhook receiver on localhost. The schedule is runner-declared (events
// only), every 10 minutes in UTC, so each slot's grace is 10% of 10 min = 60 s.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { scheduleSlotAlert } from "@/db/schema";
import { backtestRule } from "@/lib/alerts/backtest";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { resolveIncident } from "@/lib/alerts/incidents";
import { alertRuleInputSchema } from "@/lib/alerts/rule-schemas";
import { systemActor } from "@/lib/audit/record";
import { runDeliveryOnce } from "@/lib/delivery/worker";
import { ingestBatch } from "@/lib/ingest/ingest";
import { addRule, incidentsOf, MIN, outboxOf } from "../helpers/alerts";
import { createTestProject, openTestDb } from "../helpers/db";
import { addDestination } from "../helpers/delivery";
import { loopbackReceiver } from "../helpers/receiver";

vi.hoisted(() => {
  process.env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE = "1";
});

const T = new Date("2026-12-04T12:00:00Z");
const at = (ms: number) => new Date(T.getTime() + ms);
const trigger = { kind: "cron", name: "sweeper", schedule: "*/10 * * * *" };

function started(id: string, t: Date) {
  return {
    id: `${id}-s`,
    type: "job.started",
    time: t.toISOString(),
    job: id,
    agent: "sweep-bot",
    data: { harness: "codex", trigger },
  };
}

describe("schedule_run alerts", () => {
  let handle: DbHandle;
  let hook: Awaited<ReturnType<typeof loopbackReceiver>>;
  beforeAll(async () => {
    handle = await openTestDb();
    hook = await loopbackReceiver(() => ({ status: 200 }));
  });
  afterAll(async () => {
    await hook.close();
    await handle.close();
  });

  it("alerts once for a missed slot and once for a failed one, never again for either", async () => {
    const db = handle.db;
    const projectId = (await createTestProject(handle)).id;
    const ingest = async (events: object[]) =>
      expect((await ingestBatch({ db, projectId, apiKeyId: null, rawEvents: events })).rejected).toBe(0);
    const webhook = await addDestination(db, projectId, {
      name: "hook",
      kind: "webhook",
      config: { url: `http://127.0.0.1:${hook.port}/hook` },
    });
    const rule = await addRule(db, projectId, {
      name: "Sweeper runs",
      kind: "schedule_run",
      params: { outcomes: ["missed", "failed"] },
      groupBy: "project",
      destinationIds: [webhook.destination.id],
      createdAt: at(-MIN),
    });
    // a rule created after the 12:10 slot was decided (12:11) alerts on the 12:20 failure only
    const late = await addRule(db, projectId, {
      name: "Sweeper failures, created later",
      kind: "schedule_run",
      params: { outcomes: ["missed", "failed"] },
      destinationIds: [],
      createdAt: at(15 * MIN),
    });
    const tick = (t: Date) => evaluateAlerts(db, t, { projectIds: [projectId] });
    const deliver = () => runDeliveryOnce(db, new Date(), { projectIds: [projectId], instanceId: "w1" });

    // 12:00 slot: s1 starts at 12:00:20 (on time). 12:10 slot: nothing.
    await ingest([
      started("s1", at(20_000)),
      { id: "s1-e", type: "job.completed", time: at(2 * MIN).toISOString(), job: "s1", data: {} },
    ]);
    // 12:10:30: the 12:10 slot is due (grace to 12:11:00), nothing to say yet
    expect((await tick(at(10 * MIN + 30_000))).opened).toBe(0);
    // 12:11:00: grace over, no job → missed: one incident for that slot
    expect((await tick(at(11 * MIN))).opened).toBe(1);
    let incidents = await incidentsOf(db, projectId);
    expect(incidents.map((i) => [i.ruleId, i.groupKey, i.status])).toEqual([
      [rule.id, "schedule:sweeper@2026-12-04T12:10:00.000Z", "firing"],
    ]);
    expect(incidents[0]?.title).toBe("Scheduled run of sweeper at 4 Dec 2026, 12:10 (UTC) was missed");
    expect(incidents[0]?.context).toMatchObject({
      schedule: "sweeper",
      outcome: "missed",
      graceSeconds: 60,
      jobIds: [],
    });
    // more ticks, and a second evaluation of the same minute: still one incident, one message
    await tick(at(12 * MIN));
    await tick(at(12 * MIN));
    expect(await incidentsOf(db, projectId)).toHaveLength(1);
    expect(await outboxOf(db, projectId)).toHaveLength(1);
    expect((await deliver()).map((o) => o.status)).toEqual(["sent"]);
    expect(hook.got).toHaveLength(1);
    expect(JSON.parse(hook.got[0]?.body ?? "{}")).toMatchObject({ type: "alert", event: "trigger" });
    expect(hook.got[0]?.body).toContain("Scheduled run of sweeper");

    // someone resolves it by hand while the slot is still missed: it does not come back
    const [missed] = await incidentsOf(db, projectId);
    await resolveIncident(db, {
      incidentId: missed?.id ?? "",
      actor: systemActor("test"),
      now: at(13 * MIN),
    });
    expect((await tick(at(14 * MIN))).opened).toBe(0);

    // 12:20 slot: s3 starts 12:20:30 and fails at 12:21 → failed: one incident per rule (the later rule too)
    await ingest([
      started("s3", at(20 * MIN + 30_000)),
      {
        id: "s3-e",
        type: "job.failed",
        time: at(21 * MIN).toISOString(),
        job: "s3",
        data: { error: { message: "disk full" } },
      },
    ]);
    expect((await tick(at(22 * MIN))).opened).toBe(2);
    await tick(at(23 * MIN));
    // the two incidents of the 12:20 slot open in the same tick, at the same time: the first rule's first
    incidents = (await incidentsOf(db, projectId)).sort(
      (x, y) =>
        x.openedAt.getTime() - y.openedAt.getTime() ||
        Number(x.ruleId !== rule.id) - Number(y.ruleId !== rule.id),
    );
    expect(incidents.map((i) => [i.ruleId === rule.id ? "rule" : "late", i.groupKey, i.status])).toEqual([
      ["rule", "schedule:sweeper@2026-12-04T12:10:00.000Z", "resolved"],
      ["rule", "schedule:sweeper@2026-12-04T12:20:00.000Z", "firing"],
      ["late", "schedule:sweeper@2026-12-04T12:20:00.000Z", "firing"],
    ]);
    expect(incidents[1]?.context).toMatchObject({ outcome: "failed", jobIds: ["s3"] });
    expect(late.id).toBe(incidents[2]?.ruleId);
    // the hand resolution's message and the failure's trigger (the later rule has no destination)
    expect((await deliver()).map((o) => o.status)).toEqual(["sent", "sent"]);
    // trigger (missed), resolve (by hand), trigger (failed): each slot alerted exactly once (sent in parallel,
    // so in no fixed order)
    const bodies = hook.got.map((g) => JSON.parse(g.body) as { event: string });
    expect(bodies.map((b) => b.event).sort()).toEqual(["resolve", "trigger", "trigger"]);
    const triggers = hook.got.filter((g) => (JSON.parse(g.body) as { event: string }).event === "trigger");
    expect(triggers.map((g) => /was missed|failed \(job s3\)/.exec(g.body)?.[0]).sort()).toEqual([
      "failed (job s3)",
      "was missed",
    ]);

    // 12:30 slot: s4 starts at 12:32 (late, not alerted); 12:33 and later change nothing
    await ingest([started("s4", at(32 * MIN))]);
    expect((await tick(at(33 * MIN))).opened).toBe(0);
    expect(await incidentsOf(db, projectId)).toHaveLength(3);
  });

  it("a draft rule's backtest shows the missed slot and records nothing", async () => {
    const db = handle.db;
    const projectId = (await createTestProject(handle)).id;
    const r = await ingestBatch({ db, projectId, apiKeyId: null, rawEvents: [started("b1", at(20_000))] });
    expect(r.rejected).toBe(0);
    const draft = alertRuleInputSchema.parse({ name: "draft", kind: "schedule_run", params: {} });
    // over the 7 days to 12:30: the 12:00 slot ran (b1 still running), 12:10 and 12:20 missed
    // (12:30 itself is due at 12:30)
    const result = await backtestRule(db, projectId, draft as never, { now: at(30 * MIN) });
    expect(result.incidents.map((i) => i.group_key).sort()).toEqual([
      "schedule:sweeper@2026-12-04T12:10:00.000Z",
      "schedule:sweeper@2026-12-04T12:20:00.000Z",
    ]);
    // nothing recorded for the draft (its id is no rule's: recording would have failed its foreign key)
    const zero = "00000000-0000-0000-0000-000000000000";
    expect(await db.select().from(scheduleSlotAlert).where(eq(scheduleSlotAlert.ruleId, zero))).toEqual([]);
  });
});
