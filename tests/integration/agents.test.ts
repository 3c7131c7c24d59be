// The agents read model: live statuses from heartbeats and job events, the attention order,
// today's figures in the project's time zone, the agent page's history, and the fleet thresholds.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { project } from "@/db/schema";
import { agentFailuresOverTime, agentSpendOverTime } from "@/lib/agents/history-queries";
import { getAgent, listAgents } from "@/lib/agents/queries";
import { agentDetailSchema, agentsPageSchema } from "@/lib/agents/schemas";
import { updateThresholds } from "@/lib/agents/thresholds";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "../helpers/db";

// Noon UTC on 10 March 2026; in Paris (UTC+1) the day started at 2026-03-09T23:00Z.
const NOW = new Date("2026-03-10T12:00:00Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const at = (iso: string) => new Date(iso).toISOString();

let n = 0;
const id = () => `e${++n}`;
const started = (job: string, agent: string, time: string, title = job) => ({
  id: id(),
  type: "job.started",
  time,
  job,
  agent,
  data: { title, harness: "claude-code", model: "claude-sonnet-4-5" },
});
const ended = (job: string, time: string, ok: boolean) =>
  ok
    ? { id: id(), type: "job.completed", time, job, data: {} }
    : { id: id(), type: "job.failed", time, job, data: { error: { message: "Rate limit reached (429)" } } };
const heartbeat = (agent: string, time: string, status: string, job?: string) => ({
  id: id(),
  type: "agent.heartbeat",
  time,
  agent,
  data: { status, ...(job ? { job } : {}), host: `${agent}.fleet.internal`, version: "1.4.2" },
});
const usage = (job: string, time: string, cost: number) => ({
  id: id(),
  type: "job.usage",
  time,
  job,
  data: { model: "claude-sonnet-4-5", input_tokens: 1000, output_tokens: 200, cost_usd: cost },
});
const message = (job: string, time: string) => ({
  id: id(),
  type: "job.message",
  time,
  job,
  data: { role: "assistant", text: "Working on it" },
});

function fleet() {
  return [
    // scout: running s-run; earlier today (Paris) s-early and s-done succeeded, s-fail failed; s-prev was yesterday
    started("s-prev", "scout", at("2026-03-09T22:30:00Z")), // 23:30 in Paris on the 9th: yesterday
    usage("s-prev", at("2026-03-09T22:40:00Z"), 0.1),
    ended("s-prev", at("2026-03-09T22:50:00Z"), false),
    started("s-early", "scout", at("2026-03-09T23:30:00Z")), // 00:30 in Paris on the 10th: today
    ended("s-early", at("2026-03-09T23:45:00Z"), true),
    started("s-done", "scout", at("2026-03-10T08:00:00Z")),
    usage("s-done", at("2026-03-10T08:30:00Z"), 0.25),
    ended("s-done", at("2026-03-10T08:40:00Z"), true),
    started("s-fail", "scout", at("2026-03-10T09:00:00Z")),
    ended("s-fail", at("2026-03-10T09:10:00Z"), false),
    started("s-run", "scout", ago(10), "Refactor billing"),
    usage("s-run", ago(8), 0.5),
    message("s-run", ago(2)),
    heartbeat("scout", ago(1), "busy", "s-run"),
    // stuck: alive (heartbeats) but its job has been silent for 20 minutes (> 15)
    started("st-1", "stuck", ago(60), "Migrate the schema"),
    message("st-1", ago(20)),
    heartbeat("stuck", ago(1), "busy", "st-1"),
    // ghost: no heartbeat at all, its job silent for 2 hours (> 30 minutes offline)
    started("g-1", "ghost", ago(180)),
    message("g-1", ago(120)),
    // waiter: waiting for a human
    heartbeat("waiter", ago(3), "waiting"),
    // flaky: 3 of 4 jobs failed today, idle now
    ...["f-1", "f-2", "f-3", "f-4"].flatMap((j, i) => [
      started(j, "flaky", at(`2026-03-10T${String(9 + Math.min(i, 1)).padStart(2, "0")}:0${i}:00Z`)),
      ended(j, at(`2026-03-10T${String(9 + Math.min(i, 1)).padStart(2, "0")}:0${i + 5}:00Z`), i === 3),
    ]),
    heartbeat("flaky", ago(1), "idle"),
    // napper: idle; gone: idle two hours ago
    heartbeat("napper", ago(5), "idle"),
    heartbeat("gone", ago(120), "idle"),
    // finisher: its heartbeat still names a job that completed after it (the completion names no agent)
    heartbeat("finisher", ago(5), "busy", "fin-1"),
    started("fin-1", "finisher", ago(30)),
    ended("fin-1", ago(4), true),
  ];
}

describe("agents", () => {
  let handle: DbHandle;
  let projectId: string;
  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    await handle.db.update(project).set({ timezone: "Europe/Paris" }).where(eq(project.id, projectId));
    const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: fleet() });
    expect(r.rejected).toBe(0);
  });
  afterAll(async () => {
    await handle.close();
  });

  it("derives every agent's status and sorts what needs attention first", async () => {
    const page = agentsPageSchema.parse(await listAgents({ db: handle.db, projectId, now: NOW }));
    expect(page.agents.map((a) => [a.name, a.status])).toEqual([
      ["stuck", "running"], // alive (heartbeats), with 1 stalled job: the job is stalled, not the agent
      ["ghost", "offline"], // offline with its job still running
      ["waiter", "waiting"],
      ["flaky", "idle"], // failing a lot today
      ["scout", "running"],
      ["finisher", "idle"],
      ["napper", "idle"],
      ["gone", "offline"],
    ]);
    expect(page.counts).toEqual({ waiting: 1, running: 2, idle: 3, offline: 2 });
    // stuck's st-1 (silent 20 min > 15) and ghost's g-1 (silent 2 h)
    expect(page.with_stalled_jobs).toBe(2);
    expect(page).toMatchObject({ total: 8, truncated: false, day_start: "2026-03-09T23:00:00.000Z" });
    expect(page.settings).toEqual({
      timezone: "Europe/Paris",
      stall_after_seconds: 900,
      offline_after_seconds: 1800,
    });

    const by = new Map(page.agents.map((a) => [a.name, a]));
    expect(by.get("stuck")).toMatchObject({
      quiet_seconds: 20 * 60,
      current_job: {
        external_id: "st-1",
        title: "Migrate the schema",
        since: ago(60),
        last_event_at: ago(20),
      },
      running_jobs: 1,
      stalled_jobs: 1,
      attention: 0,
    });
    expect(by.get("scout")).toMatchObject({ status: "running", stalled_jobs: 0, quiet_seconds: 0 });
    expect(by.get("ghost")).toMatchObject({
      offline_with_job: true,
      quiet_seconds: 120 * 60,
      last_heartbeat_at: null,
      current_job: { external_id: "g-1" },
    });
    expect(by.get("flaky")).toMatchObject({ failing: true, attention: 3 });
    expect(by.get("finisher")).toMatchObject({
      current_job: null,
      heartbeat_status: "busy",
      last_event_at: ago(4),
    });
    expect(by.get("gone")).toMatchObject({ offline_with_job: false, quiet_seconds: 120 * 60 });
    expect(by.get("scout")).toMatchObject({
      heartbeat_status: "busy",
      host: "scout.fleet.internal",
      version: "1.4.2",
      last_heartbeat_at: ago(1),
      last_event_at: ago(1),
      current_job: { external_id: "s-run", title: "Refactor billing", since: ago(10), last_event_at: ago(2) },
    });
    expect(by.get("scout")?.current_job?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("counts today's jobs in the project's time zone, with their success rate and spend", async () => {
    const page = await listAgents({ db: handle.db, projectId, now: NOW });
    const today = (name: string) => page.agents.find((a) => a.name === name)?.today;
    // s-early (00:30 Paris), s-done, s-fail, s-run; not s-prev (23:30 Paris the day before)
    expect(today("scout")).toMatchObject({ jobs: 4, succeeded: 2, failed: 1, success_rate: 2 / 3 });
    expect(today("flaky")).toMatchObject({ jobs: 4, succeeded: 1, failed: 3, success_rate: 0.25 });
    expect(today("waiter")).toEqual({
      jobs: 0,
      succeeded: 0,
      failed: 0,
      success_rate: null,
      spend_usd: null,
    });
  });

  it("adds up today's spend from the usage rollup, keyed by the job's agent", async () => {
    const page = await listAgents({ db: handle.db, projectId, now: NOW });
    // s-done's 0.25 at 08:30 and s-run's 0.50 at 11:52; s-prev's 0.10 was at 22:40 UTC the day before (Paris: yesterday)
    expect(page.agents.find((a) => a.name === "scout")?.today.spend_usd).toBeCloseTo(0.75, 8);
  });

  it("filters by status", async () => {
    const page = await listAgents({ db: handle.db, projectId, status: "offline", now: NOW });
    expect(page.agents.map((a) => a.name)).toEqual(["ghost", "gone"]);
    expect(page.counts.idle).toBe(3); // counts stay those of every agent
  });

  it("keeps the most recently active agents and every agent with a running job under a limit", async () => {
    const page = await listAgents({ db: handle.db, projectId, limit: 2, now: NOW });
    // the two last seen (flaky, scout and stuck at 11:59: by name) and the first two with a running job by
    // name (ghost, scout): ghost is kept although silent for 2 hours
    expect(page.agents.map((a) => a.name)).toEqual(["ghost", "flaky", "scout"]);
    expect(page).toMatchObject({ total: 8, truncated: true });
  });

  it("returns one agent with its recent jobs, newest first; null for an unknown agent", async () => {
    const d = agentDetailSchema.parse(await getAgent({ db: handle.db, projectId, name: "scout", now: NOW }));
    expect(d.agent.status).toBe("running");
    expect(d.recent_jobs.map((j) => j.external_id)).toEqual([
      "s-run",
      "s-fail",
      "s-done",
      "s-early",
      "s-prev",
    ]);
    expect(d.recent_jobs[0]).toMatchObject({ status: "running", stalled: false, agent: "scout" });
    expect(d.stalled).toEqual([]);
    // stuck is alive and running; its one job, silent 20 minutes, is listed as stalled (to mark abandoned)
    const stuck = agentDetailSchema.parse(
      await getAgent({ db: handle.db, projectId, name: "stuck", now: NOW }),
    );
    expect(stuck.agent).toMatchObject({ status: "running", stalled_jobs: 1 });
    expect(stuck.stalled.map((j) => [j.external_id, j.stalled])).toEqual([["st-1", true]]);
    expect(await getAgent({ db: handle.db, projectId, name: "nobody", now: NOW })).toBeNull();
  });

  it("bounds an agent's recent jobs to 20", async () => {
    const p = (await createTestProject(handle)).id;
    const events = Array.from({ length: 25 }, (_, i) =>
      started(`b-${String(i).padStart(2, "0")}`, "bee", ago(100 - i)),
    );
    await ingestBatch({ db: handle.db, projectId: p, apiKeyId: null, rawEvents: events });
    const d = await getAgent({ db: handle.db, projectId: p, name: "bee", now: NOW });
    expect(d?.recent_jobs).toHaveLength(20);
    expect(d?.recent_jobs[0]?.external_id).toBe("b-24");
    expect(d?.agent.running_jobs).toBe(25);
    expect(d?.agent.current_job?.external_id).toBe("b-24"); // no heartbeat: the most recently started
  });

  it("gives the agent page its failures per hour by class", async () => {
    const rows = await agentFailuresOverTime({
      db: handle.db,
      projectId,
      name: "flaky",
      from: new Date("2026-03-10T00:00:00Z"),
      to: NOW,
      bucket: "hour",
    });
    // f-1 failed at 09:05, f-2 at 10:06 and f-3 at 10:07 (f-4 succeeded)
    expect(rows.map((r) => [r.bucket, r.count])).toEqual([
      ["2026-03-10T09:00:00Z", 1],
      ["2026-03-10T10:00:00Z", 2],
    ]);
    expect(new Set(rows.map((r) => r.failure_class))).toEqual(new Set(["rate_limit"]));
  });

  it("gives the agent page its spend per hour", async () => {
    const rows = await agentSpendOverTime({
      db: handle.db,
      projectId,
      name: "scout",
      from: new Date("2026-03-09T12:00:00Z"),
      to: NOW,
      bucket: "hour",
    });
    expect(
      rows.map((r) => [r.bucket, Number(r.cost_usd.toFixed(8)), r.usage_events, r.unpriced_events]),
    ).toEqual([
      ["2026-03-09T22:00:00Z", 0.1, 1, 0],
      ["2026-03-10T08:00:00Z", 0.25, 1, 0],
      ["2026-03-10T11:00:00Z", 0.5, 1, 0],
    ]);
    const daily = await agentSpendOverTime({
      db: handle.db,
      projectId,
      name: "scout",
      from: new Date("2026-03-09T12:00:00Z"),
      to: NOW,
      bucket: "day",
    });
    expect(daily.map((r) => [r.bucket, Number(r.cost_usd.toFixed(8))])).toEqual([
      ["2026-03-09T00:00:00Z", 0.1],
      ["2026-03-10T00:00:00Z", 0.75],
    ]);
  });

  it("validates and saves the fleet thresholds, which then drive the statuses", async () => {
    const p = (await createTestProject(handle)).id;
    await ingestBatch({
      db: handle.db,
      projectId: p,
      apiKeyId: null,
      rawEvents: [started("t-1", "solo", ago(10)), message("t-1", ago(2))],
    });
    const status = async () => {
      const a = (await listAgents({ db: handle.db, projectId: p, now: NOW })).agents[0];
      return `${a?.status}, ${a?.stalled_jobs} stalled`;
    };
    expect(await status()).toBe("running, 0 stalled");

    const save = (input: object) => updateThresholds({ db: handle.db, projectId: p, input });
    const valid = { timezone: "America/New_York", stall_after_seconds: 60, offline_after_seconds: 600 };
    expect(await save({ ...valid, timezone: "Mars/Olympus_Mons" })).toMatchObject({
      ok: false,
      field: "timezone",
    });
    expect(await save({ ...valid, stall_after_seconds: 30 })).toMatchObject({
      ok: false,
      field: "stall_after_seconds",
    });
    expect(await save({ ...valid, offline_after_seconds: 59 })).toMatchObject({ ok: false });
    expect(await save({ ...valid, stall_after_seconds: 900, offline_after_seconds: 600 })).toEqual({
      ok: false,
      error: "Offline after must be at least as long as stall after.",
      field: "offline_after_seconds",
    });
    expect(await status()).toBe("running, 0 stalled"); // nothing saved

    expect(await save(valid)).toEqual({ ok: true });
    // its job's last event was 2 minutes ago: the job is stalled after 1 minute; the agent (last seen 2
    // minutes ago, offline after 10) still runs it
    expect(await status()).toBe("running, 1 stalled");
    const page = await listAgents({ db: handle.db, projectId: p, now: NOW });
    expect(page.settings).toEqual({
      timezone: "America/New_York",
      stall_after_seconds: 60,
      offline_after_seconds: 600,
    });
    expect(page.day_start).toBe("2026-03-10T04:00:00.000Z"); // midnight in New York (EDT since 8 March)
  });
});
