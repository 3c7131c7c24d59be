// Every condition kind through a whole incident life on real PostgreSQL, `now` injected: the first tick opens
// one incident and enqueues one trigger row for the rule's destination; a second tick only updates it
// (match_count 2, still one outbox row); once the condition clears the incident records clear_since, stays
// open for resolve_after_seconds (300 s: not at 299 s) and then resolves with exactly one resolve row.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { agent, budget, incident, job, usageHourly } from "@/db/schema";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { checkBudgets } from "@/lib/costs/budgets";
import {
  addAgent,
  addDestination,
  addJob,
  addRule,
  incidentsOf,
  MIN,
  outboxOf,
  timelineOf,
} from "../helpers/alerts";
import { createTestProject, openTestDb } from "../helpers/db";

const T = new Date("2026-12-04T12:30:00Z");
const at = (ms: number) => new Date(T.getTime() + ms);

describe("alert rule kinds", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  async function setup(rule: Parameters<typeof addRule>[2]) {
    const projectId = (await createTestProject(handle)).id;
    const dest = await addDestination(handle.db, projectId);
    const r = await addRule(handle.db, projectId, {
      ...rule,
      destinationIds: [dest],
      resolveAfterSeconds: 300,
    });
    return { projectId, dest, ruleId: r.id };
  }

  /** The whole life; `expected` is checked against the opened incident. */
  async function lifecycle(
    s: { projectId: string; dest: string },
    expected: { groupKey: string; value?: number; context?: Record<string, unknown> },
    clear: () => Promise<unknown>,
    tClear = at(2 * MIN),
  ) {
    const db = handle.db;
    const tick = (t: Date) => evaluateAlerts(db, t, { projectIds: [s.projectId] });
    expect((await tick(T)).opened).toBe(1);
    let [inc] = await incidentsOf(db, s.projectId);
    expect(inc?.status).toBe("firing");
    expect(inc?.groupKey).toBe(expected.groupKey);
    if (expected.value !== undefined)
      expect((inc?.context as { value?: number } | undefined)?.value).toBe(expected.value);
    if (expected.context) expect(inc?.context).toMatchObject(expected.context);
    let outbox = await outboxOf(db, s.projectId);
    expect(outbox.map((n) => [n.kind, n.destinationId])).toEqual([["alert.trigger", s.dest]]);

    await tick(at(MIN)); // still matching: an update, no new message
    const all = await incidentsOf(db, s.projectId);
    expect(all).toHaveLength(1);
    expect(all[0]?.matchCount).toBe(2);
    expect(await outboxOf(db, s.projectId)).toHaveLength(1);

    await clear();
    await tick(tClear);
    [inc] = await incidentsOf(db, s.projectId);
    expect(inc?.status).toBe("firing");
    expect(inc?.clearSince?.toISOString()).toBe(tClear.toISOString());
    await tick(new Date(tClear.getTime() + 299_000));
    expect((await incidentsOf(db, s.projectId))[0]?.status).toBe("firing");
    await tick(new Date(tClear.getTime() + 300_000));
    [inc] = await incidentsOf(db, s.projectId);
    expect(inc?.status).toBe("resolved");
    expect(inc?.resolvedBy).toBe("system");
    outbox = await outboxOf(db, s.projectId);
    expect(outbox.map((n) => [n.kind, n.destinationId])).toEqual([
      ["alert.trigger", s.dest],
      ["alert.resolve", s.dest],
    ]);
    expect(await timelineOf(db, inc?.id ?? "")).toEqual(["opened", "notified", "cleared", "resolved"]);
  }

  it("rate: 4 failed of 10 in the last hour is 40%, above 25%", async () => {
    const s = await setup({
      kind: "rate",
      params: {
        metric: "failure_rate",
        windowMinutes: 60,
        minJobs: 10,
        comparison: { against: "threshold", op: "above", value: 25 },
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const end = at(-(50 - i * 5) * MIN); // T-50 … T-5 min, all inside the window
      const j = await addJob(handle.db, s.projectId, {
        status: i < 4 ? "failed" : "succeeded",
        startedAt: at(-55 * MIN),
        endedAt: end,
      });
      ids.push(j.id);
    }
    // clear: three of the four failures become successes: 1/10 = 10%, below 25%
    await lifecycle(
      s,
      { groupKey: "project", value: 40, context: { threshold: 25, failed: 4, succeeded: 6 } },
      () =>
        handle.db
          .update(job)
          .set({ status: "succeeded" })
          .where(eq(job.id, ids[0] as string))
          .then(() =>
            handle.db
              .update(job)
              .set({ status: "succeeded" })
              .where(eq(job.id, ids[1] as string))
              .then(() =>
                handle.db
                  .update(job)
                  .set({ status: "succeeded" })
                  .where(eq(job.id, ids[2] as string)),
              ),
          ),
    );
  });

  it("cost_per_success: $8 spent over 4 successes is $2, above $1.50", async () => {
    const s = await setup({ kind: "cost_per_success", params: { usd: 1.5, windowMinutes: 60 } });
    for (let i = 0; i < 4; i++) {
      await addJob(handle.db, s.projectId, {
        status: "succeeded",
        startedAt: at(-40 * MIN),
        endedAt: at(-30 * MIN),
        costUsd: 1,
      });
    }
    const failed = [
      await addJob(handle.db, s.projectId, {
        status: "failed",
        startedAt: at(-40 * MIN),
        endedAt: at(-20 * MIN),
        costUsd: 2,
      }),
      await addJob(handle.db, s.projectId, {
        status: "failed",
        startedAt: at(-40 * MIN),
        endedAt: at(-20 * MIN),
        costUsd: 2,
      }),
    ];
    // clear: the failures cost nothing after all: $4 / 4 = $1
    await lifecycle(s, { groupKey: "project", value: 2, context: { costUsd: 8, succeeded: 4 } }, async () => {
      for (const f of failed) await handle.db.update(job).set({ costUsd: "0" }).where(eq(job.id, f.id));
    });
  });

  it("spend_hourly: $12 in the 12:00 hour, above $10, grouped by model", async () => {
    const s = await setup({ kind: "spend_hourly", params: { usd: 10 }, groupBy: "model" });
    const row = {
      projectId: s.projectId,
      hour: new Date("2026-12-04T12:00:00Z"),
      agentName: "builder",
      model: "opus",
      harness: "cc",
    };
    await handle.db.insert(usageHourly).values({ ...row, costUsd: "7" });
    await handle.db.insert(usageHourly).values({ ...row, agentName: "scout", costUsd: "5" }); // 7 + 5 = 12
    await lifecycle(s, { groupKey: "model:opus", value: 12, context: { threshold: 10 } }, () =>
      handle.db.update(usageHourly).set({ costUsd: "2" }).where(eq(usageHourly.projectId, s.projectId)),
    ); // 2 + 2 = 4: clear
  });

  it("spend_budget: today's exceeded crossing of a $10 daily budget opens; the next day clears it", async () => {
    const s = await setup({ kind: "spend_budget", params: { level: "exceeded" } });
    const [b] = await handle.db
      .insert(budget)
      .values({ projectId: s.projectId, scope: "project", period: "daily", amountUsd: "10" })
      .returning();
    await handle.db.insert(usageHourly).values({
      projectId: s.projectId,
      hour: new Date("2026-12-04T11:00:00Z"),
      costUsd: "12",
    });
    expect((await checkBudgets({ db: handle.db, projectId: s.projectId, now: T })).length).toBe(2); // warning + exceeded
    await lifecycle(
      s,
      { groupKey: `budget:${b?.id}`, value: 12, context: { threshold: 10, period: "daily" } },
      async () => {},
      new Date("2026-12-05T00:00:30Z"), // a new day (UTC project): today has no crossing
    );
  });

  it("agent_offline: silent for 2 h against the 30 min default, per agent", async () => {
    const s = await setup({ kind: "agent_offline", groupBy: "agent" });
    await addAgent(handle.db, s.projectId, "scout", at(-180 * MIN), at(-120 * MIN));
    await lifecycle(s, { groupKey: "agent:scout", context: { threshold: 1800, agent: "scout" } }, () =>
      handle.db
        .update(agent)
        .set({ lastSeenAt: at(90_000) })
        .where(and(eq(agent.projectId, s.projectId), eq(agent.name, "scout"))),
    );
  });

  it("job_stalled: a running job silent for 20 min against the 15 min default, per job", async () => {
    const s = await setup({ kind: "job_stalled", groupBy: "job" });
    const j = await addJob(handle.db, s.projectId, {
      status: "running",
      startedAt: at(-30 * MIN),
      lastEventAt: at(-20 * MIN),
    });
    await lifecycle(
      s,
      { groupKey: `job:${j.externalId}`, value: 1200, context: { threshold: 900, jobIds: [j.externalId] } },
      () =>
        handle.db
          .update(job)
          .set({ status: "succeeded", endedAt: at(90_000) })
          .where(eq(job.id, j.id)),
    );
  });

  it("agent_quiet: no finished job for 3 h against 2 h", async () => {
    const s = await setup({ kind: "agent_quiet", params: { hours: 2 }, groupBy: "agent" });
    await addAgent(handle.db, s.projectId, "quiet", at(-600 * MIN), at(-MIN));
    await addJob(handle.db, s.projectId, {
      agent: "quiet",
      status: "succeeded",
      startedAt: at(-200 * MIN),
      endedAt: at(-180 * MIN),
    });
    // another agent finished a job 10 min ago: not quiet
    await addAgent(handle.db, s.projectId, "busy", at(-600 * MIN), at(-MIN));
    await addJob(handle.db, s.projectId, {
      agent: "busy",
      status: "succeeded",
      startedAt: at(-20 * MIN),
      endedAt: at(-10 * MIN),
    });
    await lifecycle(s, { groupKey: "agent:quiet", context: { threshold: 2 } }, () =>
      addJob(handle.db, s.projectId, {
        agent: "quiet",
        status: "succeeded",
        startedAt: at(0),
        endedAt: at(90_000),
      }),
    );
  });

  it("job_duration: a job that ran 1200 s against 600 s", async () => {
    const s = await setup({ kind: "job_duration", params: { against: "threshold", seconds: 600 } });
    const j = await addJob(handle.db, s.projectId, {
      status: "succeeded",
      startedAt: at(-30 * MIN),
      endedAt: at(-10 * MIN),
    });
    await lifecycle(
      s,
      { groupKey: "project", value: 1200, context: { threshold: 600, jobIds: [j.externalId] } },
      () =>
        handle.db
          .update(job)
          .set({ startedAt: at(-15 * MIN) })
          .where(eq(job.id, j.id)), // 300 s now
    );
  });

  it("rate against the baseline: 30% now vs 10% over the trailing 7 days × 2 = 20%", async () => {
    const s = await setup({
      kind: "rate",
      params: {
        metric: "failure_rate",
        windowMinutes: 60,
        minJobs: 10,
        comparison: { against: "baseline", op: "above", factor: 2 },
      },
    });
    for (let i = 0; i < 20; i++) {
      const end = at(-(2 * 24 * 60 + i) * MIN); // two days ago: in the baseline, not the window
      await addJob(handle.db, s.projectId, {
        status: i < 2 ? "failed" : "succeeded",
        startedAt: end,
        endedAt: end,
      });
    }
    for (let i = 0; i < 10; i++) {
      await addJob(handle.db, s.projectId, {
        status: i < 3 ? "failed" : "succeeded",
        startedAt: at(-40 * MIN),
        endedAt: at(-30 * MIN),
      });
    }
    await evaluateAlerts(handle.db, T, { projectIds: [s.projectId] });
    const [inc] = await incidentsOf(handle.db, s.projectId);
    expect(inc?.context).toMatchObject({ value: 30, baseline: 10, factor: 2, limit: 20, windowMinutes: 60 });
  });

  it("job_duration against the agent's p95: 1200 s above the p95 of 100…1000 s and 1200 s (1100 s)", async () => {
    const s = await setup({ kind: "job_duration", params: { against: "agent_p95", minJobs: 5 } });
    for (let i = 1; i <= 10; i++) {
      const end = at(-24 * 60 * MIN);
      await addJob(handle.db, s.projectId, {
        status: "succeeded",
        startedAt: new Date(end.getTime() - i * 100_000),
        endedAt: end,
      });
    }
    await addJob(handle.db, s.projectId, {
      status: "succeeded",
      startedAt: at(-30 * MIN),
      endedAt: at(-10 * MIN),
    });
    // 11 durations 100…1000, 1200: p95 at position 0.95 × 10 = 9.5, between 1000 and 1200 → 1100 s
    await evaluateAlerts(handle.db, T, { projectIds: [s.projectId] });
    const rows = await incidentsOf(handle.db, s.projectId);
    expect(rows.map((r) => r.context)).toMatchObject([
      { value: 1200, threshold: 1100, against: "agent_p95" },
    ]);
    expect(await handle.db.select().from(incident).where(eq(incident.projectId, s.projectId))).toHaveLength(
      1,
    );
  });
});
