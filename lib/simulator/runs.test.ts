// The simulator's runs: review pipelines, fan-outs, retry chains and cron schedules, read off the wire the way
// Fleetwatch reads them (job.started's parent_job, root_job, retry_of, step, trigger).
import { beforeAll, describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { generateFleet } from "./fleet";
import { CRON_SCHEDULES, LATE_DAY, LATE_MS, MISSED_DAY } from "./runs";
import { DAY_MS } from "./schedule";
import type { WireEvent } from "./types";

const NOW = Date.parse("2026-11-20T15:10:00Z");
const OPTS = { agents: 30, days: 14, jobsPerDay: 150, seed: 3, now: NOW };

type Started = {
  id: string;
  agent: string;
  model: string;
  t: number;
  parent?: string;
  root?: string;
  retryOf?: string;
  step?: string;
  trigger: unknown;
  queued?: number;
};

describe("simulated runs", () => {
  const jobs = new Map<string, Started>();
  const rejected: string[] = [];
  const ended = new Map<string, string>();
  beforeAll(() => {
    const queued = new Map<string, number>();
    for (const e of generateFleet(OPTS) as Iterable<WireEvent>) {
      if (e.type === "job.queued") queued.set(e.job as string, Date.parse(e.time));
      if (e.type === "job.completed" || e.type === "job.failed") ended.set(e.job as string, e.type);
      if (e.type !== "job.started") continue;
      const d = e.data as Record<string, unknown>;
      // every job.started that carries run fields is one the protocol accepts
      if ((d.step || d.root_job || d.retry_of || typeof d.trigger === "object") && !parseEvent(e).ok)
        rejected.push(e.id);
      jobs.set(e.job as string, {
        id: e.job as string,
        agent: e.agent as string,
        model: d.model as string,
        t: Date.parse(e.time),
        parent: d.parent_job as string | undefined,
        root: d.root_job as string | undefined,
        retryOf: d.retry_of as string | undefined,
        step: d.step as string | undefined,
        trigger: d.trigger,
        queued: queued.get(e.job as string),
      });
    }
  }, 120_000);
  const all = () => [...jobs.values()];

  it("sends run fields the protocol accepts", () => {
    expect(rejected).toEqual([]);
  });

  it("has review pipelines: write, reviews by two other models as review:<model>, a fix by a fourth", () => {
    const writes = all().filter((j) => j.step === "write");
    expect(writes.length).toBeGreaterThan(30);
    let complete = 0;
    for (const w of writes) {
      const reviews = all().filter((j) => j.parent === w.id && j.step?.startsWith("review:") && !j.retryOf);
      if (reviews.length === 0) continue;
      expect(reviews).toHaveLength(2);
      const models = reviews.map((r) => r.step?.slice("review:".length));
      expect(new Set([w.model, ...models]).size).toBe(3);
      for (const r of reviews) {
        expect(r.model).toBe(r.step?.slice("review:".length));
        expect(r.root).toBe(w.id);
        expect(r.t).toBeGreaterThan(w.t);
      }
      const fix = all().find((j) => j.step === "fix" && reviews.some((r) => r.id === j.parent) && !j.retryOf);
      if (!fix) continue;
      complete++;
      expect([w.model, ...models]).not.toContain(fix.model);
      expect(fix.root).toBe(w.id);
    }
    expect(complete).toBeGreaterThan(10);
  });

  it("sometimes sends a fix back: a second review under the fix, then a second fix", () => {
    const fixes = all().filter((j) => j.step === "fix");
    const sentBack = fixes.filter((f) =>
      all().some((j) => j.parent === f.id && j.step?.startsWith("review:")),
    );
    expect(sentBack.length).toBeGreaterThan(2);
    expect(sentBack.length).toBeLessThan(fixes.length);
  });

  it("has fan-outs: one job starting 3-5 workers on other agents as its children", () => {
    const workers = all().filter((j) => (j.trigger as { name?: string })?.name === "fan-out" && !j.retryOf);
    const byParent = new Map<string, Started[]>();
    for (const w of workers)
      byParent.set(w.parent as string, [...(byParent.get(w.parent as string) ?? []), w]);
    expect(byParent.size).toBeGreaterThan(5);
    for (const [parent, kids] of byParent) {
      const root = jobs.get(parent);
      expect(kids.length).toBeGreaterThanOrEqual(3);
      expect(kids.length).toBeLessThanOrEqual(5);
      for (const k of kids) {
        expect(k.agent).not.toBe(root?.agent);
        expect(k.root).toBe(parent);
      }
    }
  });

  it("retries with retry_of, up to attempt 3", () => {
    const retries = all().filter((j) => j.retryOf);
    expect(retries.length).toBeGreaterThan(30);
    for (const r of retries) expect(ended.get(r.retryOf as string)).toBe("job.failed");
    const third = retries.filter((r) => jobs.get(r.retryOf as string)?.retryOf);
    expect(third.length).toBeGreaterThan(0);
    expect(third.every((r) => !jobs.get(jobs.get(r.retryOf as string)?.retryOf as string)?.retryOf)).toBe(
      true,
    );
  });

  it("runs cron schedules on their slots, one missed and one late each week", () => {
    const [nightly, sweep] = CRON_SCHEDULES;
    const runs = (name: string) =>
      all().filter((j) => (j.trigger as { kind?: string; name?: string })?.name === name && !j.retryOf);
    const n = runs(nightly.name);
    // 02:15 UTC, every day of the 14 but the missed weekday's (two of them in 14 days)
    expect(n.length).toBeGreaterThanOrEqual(11);
    for (const j of n) {
      expect(j.trigger).toEqual({ kind: "cron", name: nightly.name, schedule: nightly.schedule, tz: "UTC" });
      const day = Math.floor((j.queued ?? j.t) / DAY_MS);
      expect(day % 7).not.toBe(MISSED_DAY);
      const slot = day * DAY_MS + (2 * 60 + 15) * 60_000;
      expect(j.queued).toBe(slot);
      const late = j.t - slot;
      if (day % 7 === LATE_DAY) expect(late).toBeGreaterThanOrEqual(LATE_MS);
      else expect(late).toBeLessThan(60_000);
    }
    const days = new Set(n.map((j) => Math.floor(j.t / DAY_MS) % 7));
    expect(days.has(LATE_DAY)).toBe(true);
    // 07:30 in Berlin on weekdays: 06:30 UTC in winter (November)
    const s = runs(sweep.name);
    expect(s.length).toBeGreaterThanOrEqual(8);
    for (const j of s) {
      const queued = new Date(j.queued ?? 0);
      expect(queued.getUTCHours() * 60 + queued.getUTCMinutes()).toBe(6 * 60 + 30);
      expect([0, 6]).not.toContain(queued.getUTCDay());
    }
  });
});
