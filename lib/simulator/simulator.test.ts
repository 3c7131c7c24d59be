import { beforeAll, describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { costOf, MODELS, modelById } from "./catalog";
import { FAILURE_CLASSES, type FailureClass } from "./failures";
import { FleetStream, generateFleet } from "./fleet";
import { HOUR_MS } from "./schedule";
import type { WireEvent } from "./types";

const NOW = Date.parse("2026-11-20T15:10:00Z"); // a Friday afternoon

type Job = {
  id: string;
  agent: string;
  title: string;
  model: string;
  harness: string;
  version: string;
  trigger: string;
  parent: string | null;
  retryOf: string | null;
  start: number;
  queued: boolean;
  terminals: { type: string; t: number; cls?: FailureClass; retryable?: boolean }[];
  lastEventAt: number;
  seqs: number[];
};

/** One pass over a fleet, collecting what the assertions need. */
function observe(stream: FleetStream, until: number) {
  const jobs = new Map<string, Job>();
  const queuedOnly = new Set<string>();
  const ids = new Set<string>();
  const beats = new Map<string, number>();
  const problems: string[] = [];
  let lastTime = 0;
  let events = 0;
  let costMismatches = 0;
  let cost = 0;
  for (const e of stream.until(until)) {
    events++;
    if (ids.has(e.id)) problems.push(`duplicate id ${e.id}`);
    ids.add(e.id);
    const t = Date.parse(e.time);
    if (t < lastTime) problems.push(`out of order: ${e.id}`);
    if (t > until) problems.push(`after the horizon: ${e.id}`);
    lastTime = t;
    if (e.type === "agent.heartbeat") {
      beats.set(e.agent as string, t);
      continue;
    }
    const id = e.job as string;
    if (e.type === "job.started") {
      const d = e.data as Record<string, unknown>;
      const labels = (d.labels ?? {}) as Record<string, string>;
      const queued = queuedOnly.delete(id);
      jobs.set(id, {
        id,
        agent: e.agent as string,
        title: d.title as string,
        model: d.model as string,
        harness: d.harness as string,
        version: d.harness_version as string,
        trigger: d.trigger as string,
        parent: (d.parent_job as string) ?? null,
        retryOf: labels.retry_of ?? null,
        start: t,
        queued,
        terminals: [],
        lastEventAt: t,
        seqs: [e.seq as number],
      });
      continue;
    }
    if (e.type === "job.queued") {
      queuedOnly.add(id);
      continue;
    }
    const job = jobs.get(id);
    if (!job) {
      problems.push(`${e.type} before job.started: ${e.id}`);
      continue;
    }
    job.lastEventAt = t;
    job.seqs.push(e.seq as number);
    if (e.type === "job.usage") {
      const d = e.data as {
        model: string;
        input_tokens: number;
        output_tokens: number;
        cache_read_tokens?: number;
        cache_write_tokens?: number;
        cost_usd?: number;
      };
      const expected = costOf(modelById(d.model), {
        input: d.input_tokens,
        output: d.output_tokens,
        cacheRead: d.cache_read_tokens ?? 0,
        cacheWrite: d.cache_write_tokens ?? 0,
      });
      if (d.cost_usd !== undefined && Math.abs(expected - d.cost_usd) > 1e-6) costMismatches++;
      cost += d.cost_usd ?? expected;
    }
    if (e.type === "job.completed" || e.type === "job.failed" || e.type === "job.cancelled") {
      job.terminals.push({
        type: e.type,
        t,
        cls: stream.lastFailureClass,
        retryable: (e.data as { retryable?: boolean }).retryable,
      });
    }
  }
  return { jobs, queuedOnly, ids, beats, problems, events, costMismatches, cost };
}

describe("a small fleet (5 agents, 2 days, 40 jobs a day)", () => {
  const opts = { agents: 5, days: 2, jobsPerDay: 40, seed: 7, now: NOW };

  it("emits only events that the ingest protocol accepts", () => {
    const events = [...generateFleet(opts)];
    expect(events.length).toBeGreaterThan(2000);
    const invalid = events.map((e) => [e.id, parseEvent(e)] as const).filter(([, r]) => !r.ok);
    expect(invalid.slice(0, 3)).toEqual([]);
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      "job.queued",
      "job.started",
      "job.message",
      "job.thinking",
      "job.tool_call",
      "job.tool_result",
      "job.usage",
      "job.log",
      "job.completed",
      "job.failed",
      "agent.heartbeat",
    ])
      expect(types).toContain(t);
  });

  it("is deterministic: the same seed gives the same events, another seed other ones", () => {
    const a = JSON.stringify([...generateFleet(opts)]);
    const b = JSON.stringify([...generateFleet(opts)]);
    const c = JSON.stringify([...generateFleet({ ...opts, seed: 8 })]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("keeps the ids of past events when run again later, so re-runs deduplicate", () => {
    const first = [...generateFleet(opts)];
    const later = new Map([...generateFleet({ ...opts, now: NOW + 2 * HOUR_MS })].map((e) => [e.id, e]));
    const cutoff = NOW - 6 * HOUR_MS; // jobs near "now" may end differently once time has moved on
    const old = first.filter(
      (e) =>
        Date.parse(e.time) < cutoff &&
        Date.parse(e.time) > NOW - 24 * HOUR_MS &&
        e.type !== "agent.heartbeat",
    );
    expect(old.length).toBeGreaterThan(500);
    const same = old.filter((e) => JSON.stringify(later.get(e.id)) === JSON.stringify(e));
    expect(same.length / old.length).toBeGreaterThan(0.97);
  });
});

describe("the default fleet (50 agents, 14 days, 300 jobs a day)", () => {
  let stream: FleetStream;
  let seen: ReturnType<typeof observe>;
  const list = () => [...seen.jobs.values()];

  beforeAll(() => {
    stream = new FleetStream({ agents: 50, days: 14, jobsPerDay: 300, seed: 1, now: NOW });
    seen = observe(stream, NOW);
  });

  it("has the size asked for, in time order, with unique ids, and each job's events in sequence", () => {
    const top = list().filter((j) => !j.parent && j.trigger !== "retry");
    expect(top.length).toBeGreaterThan(14 * 300 * 0.85);
    expect(top.length).toBeLessThan(14 * 300 * 1.15);
    expect(seen.problems.slice(0, 5)).toEqual([]);
    for (const j of list()) expect(j.seqs).toEqual([...j.seqs].sort((a, b) => a - b));
  });

  it("validates a sample of its events with the protocol", () => {
    const fresh = new FleetStream({ agents: 50, days: 14, jobsPerDay: 300, seed: 1, now: NOW });
    let n = 0;
    const bad: string[] = [];
    for (const e of fresh.until(NOW)) {
      if (n++ % 7 !== 0) continue;
      const r = parseEvent(e);
      if (!r.ok) bad.push(`${e.id}: ${r.error}`);
    }
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it("shows every failure class of the taxonomy, cancelled as job.cancelled", () => {
    const classes = new Map<string, number>();
    for (const j of list())
      for (const t of j.terminals) if (t.cls) classes.set(t.cls, (classes.get(t.cls) ?? 0) + 1);
    for (const cls of FAILURE_CLASSES) expect(classes.get(cls) ?? 0, cls).toBeGreaterThan(3);
    const cancelled = list()
      .flatMap((j) => j.terminals)
      .filter((t) => t.type === "job.cancelled");
    expect(cancelled.every((t) => t.cls === "cancelled")).toBe(true);
    expect(cancelled.length).toBe(stream.stats.failuresByClass.cancelled);
  });

  it("uses about twenty models whose success rates differ", () => {
    const rate = new Map<string, { n: number; ok: number }>();
    for (const j of list()) {
      if (j.parent || j.terminals.length === 0) continue;
      const r = rate.get(j.model) ?? { n: 0, ok: 0 };
      r.n++;
      if (j.terminals[0]?.type === "job.completed") r.ok++;
      rate.set(j.model, r);
    }
    expect(rate.size).toBeGreaterThanOrEqual(MODELS.length - 2);
    const rates = [...rate.values()].filter((r) => r.n >= 50).map((r) => r.ok / r.n);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.2);
    const harnesses = new Set(list().map((j) => j.harness));
    expect([...harnesses].sort()).toEqual(["aider", "claude-code", "codex", "looper", "opencode"]);
  });

  it("gives every job one start and at most one terminal event after it; only recent or orphaned jobs stay open", () => {
    const silent = stream.deadSince;
    let open = 0;
    let stalled = 0;
    for (const j of list()) {
      expect(j.terminals.length, j.id).toBeLessThanOrEqual(1);
      const end = j.terminals[0];
      if (end) {
        expect(end.t).toBeGreaterThanOrEqual(j.start);
        continue;
      }
      open++;
      const orphaned = silent.has(j.agent) && j.lastEventAt <= (silent.get(j.agent) ?? 0);
      expect(orphaned || j.start > NOW - 6 * HOUR_MS, `${j.id} left running`).toBe(true);
      if (!orphaned && NOW - j.lastEventAt > HOUR_MS) stalled++;
    }
    expect(open).toBeGreaterThan(0);
    expect(stalled).toBeGreaterThan(0);
  });

  it("has sub-agents that point to an existing parent run by the same agent", () => {
    const subs = list().filter((j) => j.parent && j.trigger === "subagent");
    expect(subs.length).toBeGreaterThan(100);
    for (const s of subs) {
      const parent = seen.jobs.get(s.parent as string);
      expect(parent, s.id).toBeDefined();
      expect(parent?.agent).toBe(s.agent);
      expect(s.start).toBeGreaterThanOrEqual(parent?.start ?? 0);
      const parentEnd = parent?.terminals[0]?.t;
      const childEnd = s.terminals[0]?.t;
      if (parentEnd && childEnd) expect(childEnd).toBeLessThanOrEqual(parentEnd);
    }
  });

  it("retries retryable failures as new jobs with trigger retry and the same title", () => {
    const retries = list().filter((j) => j.trigger === "retry");
    expect(retries.length).toBeGreaterThan(50);
    for (const r of retries) {
      const failed = seen.jobs.get(r.retryOf as string);
      expect(failed, r.id).toBeDefined();
      expect(failed?.title).toBe(r.title);
      const end = failed?.terminals[0];
      expect(end?.type).toBe("job.failed");
      expect(end?.retryable).toBe(true);
      expect(r.start).toBeGreaterThan(end?.t ?? Number.POSITIVE_INFINITY);
    }
  });

  it("reports costs that follow from the tokens and the catalog's prices", () => {
    expect(seen.costMismatches).toBe(0);
    expect(stream.stats.costUsd).toBeCloseTo(seen.cost, 4);
    expect(seen.cost).toBeGreaterThan(500);
  });

  it("keeps the fleet alive: recent heartbeats, except from agents gone silent hours ago", () => {
    expect(seen.beats.size).toBe(50);
    expect(stream.deadSince.size).toBeGreaterThan(0);
    for (const [agent, last] of seen.beats) {
      if (stream.deadSince.has(agent)) expect(NOW - last, agent).toBeGreaterThan(HOUR_MS);
      else expect(NOW - last, agent).toBeLessThanOrEqual(2 * 60_000);
    }
  });

  it("has incidents: an outage hour and a bad harness release", () => {
    const perHour = new Map<number, number>();
    const versions = new Map<string, { n: number; crashes: number }>();
    for (const j of list()) {
      const v = versions.get(`${j.harness} ${j.version}`) ?? { n: 0, crashes: 0 };
      v.n++;
      const end = j.terminals[0];
      if (end?.cls === "harness_crash") v.crashes++;
      versions.set(`${j.harness} ${j.version}`, v);
      if (end?.cls === "provider_error" || end?.cls === "rate_limit") {
        const h = Math.floor(end.t / HOUR_MS);
        perHour.set(h, (perHour.get(h) ?? 0) + 1);
      }
    }
    expect(Math.max(...perHour.values())).toBeGreaterThanOrEqual(8);
    const bad = [...versions.values()].filter((v) => v.n >= 20 && v.crashes / v.n > 0.2);
    expect(bad.length).toBeGreaterThan(0);
  });
});

describe("live continuation", () => {
  it("continues the same stream past now, in time order, with 30-second heartbeats", () => {
    const stream = new FleetStream({ agents: 6, days: 0, jobsPerDay: 200, seed: 3, now: NOW });
    expect([...stream.until(NOW)]).toEqual([]);
    const out: WireEvent[] = [];
    for (let t = NOW + 60_000; t <= NOW + 3 * HOUR_MS; t += 60_000) out.push(...stream.until(t));
    const beats = out.filter(
      (e) => e.type === "agent.heartbeat" && e.agent === out.find((x) => x.type === "agent.heartbeat")?.agent,
    );
    const gaps = beats.slice(1).map((b, i) => Date.parse(b.time) - Date.parse(beats[i]?.time ?? ""));
    expect(new Set(gaps)).toEqual(new Set([30_000]));
    expect(out.filter((e) => e.type === "job.started").length).toBeGreaterThan(5);
    expect(out.filter((e) => e.type === "job.completed" || e.type === "job.failed").length).toBeGreaterThan(
      3,
    );
  });
});
