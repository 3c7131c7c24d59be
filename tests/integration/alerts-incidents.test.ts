// Incidents around the evaluator: issue rules fed by a real ingestBatch, escalation steps and acknowledgement,
// silences, disabled rules. Real PostgreSQL, `now` injected, expected values worked out by hand in the comments.
// (Concurrency and signed links: alerts-concurrency.test.ts.)
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { alertSignal, auditLog, escalationPolicy, failureIssue, silence } from "@/db/schema";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { acknowledgeIncident } from "@/lib/alerts/incidents";
import { systemActor } from "@/lib/audit/record";
import { ingestBatch } from "@/lib/ingest/ingest";
import { addDestination, addJob, addRule, incidentsOf, MIN, outboxOf, timelineOf } from "../helpers/alerts";
import { createTestProject, openTestDb } from "../helpers/db";
import { FAILURES_BASE, failingJob } from "../helpers/failures";
import { createUser } from "../helpers/users";

const T = new Date("2026-12-04T12:30:00Z");
const at = (ms: number) => new Date(T.getTime() + ms);
const issueIdsOf = (inc: { context: unknown } | undefined) =>
  ((inc?.context ?? {}) as { issueIds?: string[] }).issueIds ?? [];

describe("incidents", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });
  const tick = (projectId: string, t: Date) => evaluateAlerts(handle.db, t, { projectIds: [projectId] });

  /** A stalled job (running, silent 20 min at T) and a job_stalled rule on it. */
  async function stalled(rule: Parameters<typeof addRule>[2] = {}) {
    const projectId = (await createTestProject(handle)).id;
    const dest = await addDestination(handle.db, projectId);
    await addJob(handle.db, projectId, {
      status: "running",
      startedAt: at(-30 * MIN),
      lastEventAt: at(-20 * MIN),
    });
    const r = await addRule(handle.db, projectId, { kind: "job_stalled", destinationIds: [dest], ...rule });
    return { projectId, dest, ruleId: r.id };
  }

  it("issue_new fires from a real ingestBatch; a second new issue updates it; resolving both issues resolves it", async () => {
    const projectId = (await createTestProject(handle)).id;
    const dest = await addDestination(handle.db, projectId);
    await addRule(handle.db, projectId, { kind: "issue_new", destinationIds: [dest] });
    const ingest = (events: object[]) =>
      ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: events });
    await ingest(failingJob("Error: ENOSPC: no space left on device", 10));
    // ingest left one signal in its transaction, and sent nothing
    expect(
      (await handle.db.select().from(alertSignal).where(eq(alertSignal.projectId, projectId))).map(
        (s) => s.kind,
      ),
    ).toEqual(["issue_new"]);
    expect(await outboxOf(handle.db, projectId)).toHaveLength(0);
    const now = new Date(FAILURES_BASE + 30 * MIN);
    await tick(projectId, now);
    let [inc] = await incidentsOf(handle.db, projectId);
    expect(inc?.title).toContain("New issue");
    expect(issueIdsOf(inc)).toHaveLength(1);
    expect(await outboxOf(handle.db, projectId)).toHaveLength(1);
    // consumed: the signal is gone
    expect(
      await handle.db.select().from(alertSignal).where(eq(alertSignal.projectId, projectId)),
    ).toHaveLength(0);

    await ingest(failingJob("TypeError: cannot read properties of undefined (reading 'map')", 40));
    await tick(projectId, new Date(now.getTime() + MIN));
    [inc] = await incidentsOf(handle.db, projectId);
    expect(inc?.matchCount).toBe(2);
    expect(issueIdsOf(inc)).toHaveLength(2);
    expect(await outboxOf(handle.db, projectId)).toHaveLength(1); // no second message

    const issues = () => handle.db.update(failureIssue).set({ state: "resolved" });
    await issues().where(eq(failureIssue.id, issueIdsOf(inc)[0] as string));
    await tick(projectId, new Date(now.getTime() + 2 * MIN));
    expect((await incidentsOf(handle.db, projectId))[0]?.status).toBe("firing"); // one of two resolved
    await issues().where(eq(failureIssue.projectId, projectId));
    await tick(projectId, new Date(now.getTime() + 3 * MIN));
    expect((await incidentsOf(handle.db, projectId))[0]?.status).toBe("resolved");
    expect((await outboxOf(handle.db, projectId)).map((n) => n.kind)).toEqual([
      "alert.trigger",
      "alert.resolve",
    ]);
  });

  it("issue_regressed fires when a resolved issue fails again; issue_count at 3 failures in 60 min", async () => {
    const projectId = (await createTestProject(handle)).id;
    const dest = await addDestination(handle.db, projectId);
    await addRule(handle.db, projectId, {
      kind: "issue_regressed",
      destinationIds: [dest],
      groupBy: "issue",
    });
    await addRule(handle.db, projectId, {
      kind: "issue_count",
      params: { count: 3, windowMinutes: 60 },
      destinationIds: [dest],
      groupBy: "issue",
    });
    const ingest = (events: object[]) =>
      ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: events });
    const msg = "Error: connect ECONNREFUSED 10.0.0.7:5432";
    await ingest(failingJob(msg, 100));
    await tick(projectId, new Date(FAILURES_BASE + 101 * MIN)); // 1 failure: nothing
    expect(await incidentsOf(handle.db, projectId)).toHaveLength(0);
    await handle.db
      .update(failureIssue)
      .set({ state: "resolved", resolvedAt: new Date(FAILURES_BASE + 105 * MIN) })
      .where(eq(failureIssue.projectId, projectId));
    await ingest([...failingJob(msg, 110), ...failingJob(msg, 120)]); // regressed; 3 failures in 100…120
    await tick(projectId, new Date(FAILURES_BASE + 121 * MIN));
    const rows = await incidentsOf(handle.db, projectId);
    expect(rows.map((r) => r.title.split(":")[0]).sort()).toEqual([
      "Issue regressed",
      "Issue seen 3 times in 60 min",
    ]);
    expect(rows.find((r) => r.title.startsWith("Issue seen"))?.context).toMatchObject({
      value: 3,
      threshold: 3,
    });
    expect(await outboxOf(handle.db, projectId)).toHaveLength(2);
  });

  it("escalates to step 2 after 10 min unacknowledged, and stops once acknowledged", async () => {
    const projectId = (await createTestProject(handle)).id;
    const d1 = await addDestination(handle.db, projectId, "first line");
    const member = await createUser(handle.db, "member");
    const [policy] = await handle.db
      .insert(escalationPolicy)
      .values({
        projectId,
        name: "on call",
        steps: [
          { afterMinutes: 0, destinationIds: [d1], memberIds: [] },
          { afterMinutes: 10, destinationIds: [], memberIds: [member.id] },
        ],
      })
      .returning();
    await addJob(handle.db, projectId, {
      status: "running",
      startedAt: at(-30 * MIN),
      lastEventAt: at(-20 * MIN),
    });
    await addRule(handle.db, projectId, { kind: "job_stalled", escalationPolicyId: policy?.id });
    await tick(projectId, T);
    let [inc] = await incidentsOf(handle.db, projectId);
    expect(inc?.nextEscalationAt?.toISOString()).toBe(at(10 * MIN).toISOString()); // T + step 1's 10 min
    await tick(projectId, at(9 * MIN));
    expect((await outboxOf(handle.db, projectId)).map((n) => n.kind)).toEqual(["alert.trigger"]);
    await tick(projectId, at(10 * MIN));
    const outbox = await outboxOf(handle.db, projectId);
    expect(outbox.map((n) => [n.kind, n.destinationId, n.userId])).toEqual([
      ["alert.trigger", d1, null],
      ["alert.escalate", null, member.id],
    ]);
    [inc] = await incidentsOf(handle.db, projectId);
    expect(inc?.escalationStep).toBe(1);
    expect(inc?.nextEscalationAt).toBeNull(); // the last step, no repeat
    expect(await timelineOf(handle.db, inc?.id ?? "")).toEqual(["opened", "notified", "escalated"]);
  });

  it("acknowledging stops escalation, records who and when, tells those notified, and is audited", async () => {
    const projectId = (await createTestProject(handle)).id;
    const d1 = await addDestination(handle.db, projectId);
    const d2 = await addDestination(handle.db, projectId, "managers");
    const [policy] = await handle.db
      .insert(escalationPolicy)
      .values({
        projectId,
        name: "p",
        steps: [
          { afterMinutes: 0, destinationIds: [d1] },
          { afterMinutes: 10, destinationIds: [d2] },
        ],
      })
      .returning();
    await addJob(handle.db, projectId, {
      status: "running",
      startedAt: at(-30 * MIN),
      lastEventAt: at(-20 * MIN),
    });
    await addRule(handle.db, projectId, { kind: "job_stalled", escalationPolicyId: policy?.id });
    await tick(projectId, T);
    const [opened] = await incidentsOf(handle.db, projectId);
    const actor = { ...systemActor("x"), type: "user" as const, id: "u1", label: "ana@fleet.test" };
    const r = await acknowledgeIncident(handle.db, { incidentId: opened?.id ?? "", actor, now: at(5 * MIN) });
    expect(r.ok && r.changed).toBe(true);
    await tick(projectId, at(10 * MIN)); // step 2 would be due: it is not sent
    const [inc] = await incidentsOf(handle.db, projectId);
    expect([inc?.status, inc?.acknowledgedBy, inc?.acknowledgedAt?.toISOString()]).toEqual([
      "acknowledged",
      "ana@fleet.test",
      at(5 * MIN).toISOString(),
    ]);
    expect((await outboxOf(handle.db, projectId)).map((n) => [n.kind, n.destinationId])).toEqual([
      ["alert.trigger", d1],
      ["alert.acknowledge", d1],
    ]);
    expect(await timelineOf(handle.db, inc?.id ?? "")).toEqual(["opened", "notified", "acknowledged"]);
    const audit = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectId, inc?.id ?? ""));
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([["incident.acknowledge", "ana@fleet.test"]]);
  });

  it("a silence keeps the incident, muted, with nothing enqueued; when it ends the incident notifies then", async () => {
    const s = await stalled({ groupBy: "agent" });
    await handle.db.insert(silence).values({
      projectId: s.projectId,
      matchers: { agent: "builder" },
      startsAt: at(-60 * MIN),
      endsAt: at(5 * MIN),
    });
    await tick(s.projectId, T);
    let [inc] = await incidentsOf(handle.db, s.projectId);
    expect(inc?.muted).toBe(true);
    expect(await timelineOf(handle.db, inc?.id ?? "")).toEqual(["opened", "muted"]);
    expect(await outboxOf(handle.db, s.projectId)).toHaveLength(0);
    await tick(s.projectId, at(4 * MIN));
    expect(await outboxOf(handle.db, s.projectId)).toHaveLength(0);
    await tick(s.projectId, at(5 * MIN)); // the silence ended and it still fires
    [inc] = await incidentsOf(handle.db, s.projectId);
    expect(inc?.muted).toBe(false);
    expect((await outboxOf(handle.db, s.projectId)).map((n) => n.kind)).toEqual(["alert.trigger"]);
    expect(await timelineOf(handle.db, inc?.id ?? "")).toEqual(["opened", "muted", "unmuted", "notified"]);
  });

  it("a recurring silence (12:00 Paris for 60 min) mutes at 12:30 Paris, and one on another agent does not", async () => {
    const s = await stalled({ groupBy: "agent" });
    await handle.db.execute(sql`update project set timezone = 'Europe/Paris' where id = ${s.projectId}`);
    // T = 12:30 UTC = 13:30 Paris: the 12:00 Paris occurrence ended at 13:00; the 13:00 one is still on
    await handle.db.insert(silence).values({
      projectId: s.projectId,
      matchers: { agent: "someone-else" },
      startsAt: at(-24 * 60 * MIN),
    });
    await handle.db.insert(silence).values({
      projectId: s.projectId,
      matchers: {},
      cron: "0 13 * * *",
      durationMinutes: 60,
      startsAt: at(-24 * 60 * MIN),
    });
    await tick(s.projectId, T);
    expect((await incidentsOf(handle.db, s.projectId))[0]?.muted).toBe(true);
    const other = await stalled({ groupBy: "agent" });
    await handle.db.execute(sql`update project set timezone = 'Europe/Paris' where id = ${other.projectId}`);
    await handle.db.insert(silence).values({
      projectId: other.projectId,
      matchers: {},
      cron: "0 12 * * *", // 12:00–13:00 Paris: over at 13:30 Paris
      durationMinutes: 60,
      startsAt: at(-24 * 60 * MIN),
    });
    await tick(other.projectId, T);
    expect((await incidentsOf(handle.db, other.projectId))[0]?.muted).toBe(false);
  });

  it("disabling a rule resolves its open incidents, with the resolution message", async () => {
    const s = await stalled();
    await tick(s.projectId, T);
    await handle.db.execute(sql`update alert_rule set enabled = false where id = ${s.ruleId}`);
    await tick(s.projectId, at(MIN));
    const [inc] = await incidentsOf(handle.db, s.projectId);
    expect([inc?.status, inc?.resolvedAt?.toISOString()]).toEqual(["resolved", at(MIN).toISOString()]);
    expect((await outboxOf(handle.db, s.projectId)).map((n) => n.kind)).toEqual([
      "alert.trigger",
      "alert.resolve",
    ]);
  });
});
