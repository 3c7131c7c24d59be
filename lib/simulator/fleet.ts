// The fleet as one time-ordered stream: day plans open jobs, jobs unfold their transcripts, agents heartbeat,
// failed jobs are retried, and some agents go silent. Jobs are built when they start, so memory holds only
// the jobs in flight; the same stream continues past "now" for --live.
import type { EventType } from "@/lib/ingest/protocol";
import { type Agent, buildAgents, costOf, modelById } from "./catalog";
import type { FailureClass } from "./failures";
import { TimeHeap } from "./heap";
import { hash53, hashHex, keyed } from "./random";
import { followUps, shapeRuns } from "./runs";
import { Calendar, DAY_MS, type FleetShape, HOUR_MS, planDay, planRetry } from "./schedule";
import { buildJob } from "./transcript";
import type { BuiltJob, JobPlan, WireEvent } from "./types";

export type FleetOptions = {
  agents: number;
  days: number;
  jobsPerDay: number;
  seed: number;
  /** Epoch ms: the history ends here; jobs still running at this time are left running. */
  now: number;
};

export type FleetStats = {
  events: number;
  byType: Partial<Record<EventType, number>>;
  /** Jobs started (including sub-agents and retries). */
  jobs: number;
  subagentJobs: number;
  retryJobs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Jobs queued for a silent agent, never started. */
  queuedOnly: number;
  /** Failure classes of failed and cancelled jobs. */
  failuresByClass: Partial<Record<FailureClass, number>>;
  costUsd: number;
  heartbeats: number;
};

type Item =
  | { kind: "day"; day: number }
  | { kind: "start"; plan: JobPlan }
  | { kind: "cursor"; job: BuiltJob; i: number }
  | { kind: "beat"; agent: Agent };

const STALL_WINDOW = { from: 5 * HOUR_MS, to: 75 * 60_000 };
const BEAT = { history: HOUR_MS, recent: 2 * 60_000, live: 30_000 };

export class FleetStream {
  readonly agents: Agent[];
  readonly windowStart: number;
  readonly now: number;
  readonly stats: FleetStats = {
    events: 0,
    byType: {},
    jobs: 0,
    subagentJobs: 0,
    retryJobs: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    queuedOnly: 0,
    failuresByClass: {},
    costUsd: 0,
    heartbeats: 0,
  };
  /** Agents that stopped reporting, and since when. */
  readonly deadSince = new Map<string, number>();
  private readonly shape: FleetShape;
  private readonly heap = new TimeHeap<Item>();
  private readonly busy = new Map<string, string>();
  private readonly waitingUntil = new Map<string, number>();
  private readonly classOf = new Map<string, FailureClass>();
  private readonly key: string;

  constructor(opts: FleetOptions) {
    this.key = `${opts.seed}|${opts.agents}|${opts.jobsPerDay}`;
    this.agents = buildAgents(opts.agents, opts.seed);
    this.shape = {
      key: this.key,
      seed: opts.seed,
      agents: this.agents,
      jobsPerDay: opts.jobsPerDay,
      calendar: new Calendar(opts.seed),
    };
    this.now = opts.now;
    this.windowStart = opts.now - opts.days * DAY_MS;
    const rng = keyed("dead", this.key);
    const silent = this.agents.length >= 8 ? Math.max(1, Math.round(this.agents.length * 0.05)) : 0;
    for (const a of rng.shuffle(this.agents).slice(0, silent))
      this.deadSince.set(a.name, opts.now - Math.round(rng.float(2, 30) * HOUR_MS));
    const firstDay = Math.floor(this.windowStart / DAY_MS);
    this.heap.push(this.windowStart - 1, { kind: "day", day: firstDay });
    for (const agent of this.agents)
      this.heap.push(this.nextBeat(agent, this.windowStart - 1), { kind: "beat", agent });
  }

  /** The failure class of the last job.failed or job.cancelled emitted (the class is not on the wire). */
  lastFailureClass: FailureClass | undefined;

  /** Emits every event up to and including time `until`, in time order. Call again with a later time to go on. */
  *until(until: number): Generator<WireEvent> {
    while (this.heap.peekTime() <= until) {
      const next = this.heap.pop();
      if (!next) break;
      const { t, value: item } = next;
      switch (item.kind) {
        case "day": {
          for (const plan of shapeRuns(this.shape, planDay(this.shape, item.day), item.day))
            if (plan.startAt >= this.windowStart)
              this.heap.push(plan.queuedAt ?? plan.startAt, { kind: "start", plan });
          this.heap.push((item.day + 1) * DAY_MS - HOUR_MS, { kind: "day", day: item.day + 1 });
          break;
        }
        case "start":
          yield* this.start(item.plan);
          break;
        case "cursor": {
          const te = item.job.events[item.i];
          if (!te) break;
          const dead = this.deadSince.get(item.job.plan.agent.name);
          if (dead !== undefined && te.t > dead) break; // the agent went silent mid-job
          yield this.count(te.event);
          if (item.i + 1 < item.job.events.length) {
            const after = item.job.events[item.i + 1] as { t: number };
            this.heap.push(after.t, { kind: "cursor", job: item.job, i: item.i + 1 });
          }
          break;
        }
        case "beat": {
          const dead = this.deadSince.get(item.agent.name);
          if (dead !== undefined && t > dead) break;
          yield this.count(this.heartbeat(item.agent, t));
          this.heap.push(this.nextBeat(item.agent, t), item);
          break;
        }
      }
    }
  }

  private *start(original: JobPlan): Generator<WireEvent> {
    let plan = original;
    const dead = this.deadSince.get(plan.agent.name);
    if (dead !== undefined && plan.startAt >= dead) {
      // Nobody picks the job up: it stays queued (only the recent ones, like a real queue after a purge).
      if (plan.startAt >= this.now - 3 * HOUR_MS) {
        this.stats.queuedOnly++;
        yield this.count({
          id: `${plan.id}-0000`,
          type: "job.queued",
          time: new Date(plan.queuedAt ?? plan.startAt).toISOString(),
          job: plan.id,
          agent: plan.agent.name,
          seq: 0,
          data: { title: plan.task.title, trigger: plan.trigger },
        });
      }
      return;
    }
    const age = this.now - plan.startAt;
    if (
      !plan.hang &&
      plan.depth === 0 &&
      age <= STALL_WINDOW.from &&
      age >= STALL_WINDOW.to &&
      keyed("stall", plan.id).chance(0.1)
    )
      plan = { ...plan, hang: { at: keyed("stall-at", plan.id).float(0.2, 0.7), killAfterMs: 4 * HOUR_MS } };
    const built = buildJob(plan);
    const jobs = [built, ...built.children];
    for (const job of jobs) {
      if (job.failure) this.classOf.set(job.plan.id, job.failure.cls);
      const first = job.events[0];
      if (first) this.heap.push(first.t, { kind: "cursor", job, i: 0 });
    }
    for (const next of followUps(this.shape, plan, built))
      this.heap.push(next.queuedAt ?? next.startAt, { kind: "start", plan: next });
    const cls = built.failure?.cls;
    if (
      cls &&
      built.failure?.retryable &&
      built.outcome !== "running" &&
      (dead === undefined || built.endAt < dead)
    ) {
      const retry = planRetry(this.shape, plan, built.endAt, cls);
      if (retry) {
        this.heap.push(retry.queuedAt ?? retry.startAt, { kind: "start", plan: retry });
        this.waitingUntil.set(plan.agent.name, retry.startAt);
      }
    }
  }

  private heartbeat(agent: Agent, t: number): WireEvent {
    const job = this.busy.get(agent.name);
    const waiting = (this.waitingUntil.get(agent.name) ?? 0) > t;
    return {
      id: `hb_${hashHex(this.key, agent.name).slice(0, 10)}_${Math.floor(t / 1000)}`,
      type: "agent.heartbeat",
      time: new Date(t).toISOString(),
      agent: agent.name,
      data: {
        status: job ? "busy" : waiting ? "waiting" : "idle",
        ...(job ? { job } : {}),
        host: agent.host,
        version: agent.runnerVersion,
      },
    };
  }

  /** Hourly through history, every 2 minutes in the last hour, every 30 s once live; on a fixed grid per agent. */
  private nextBeat(agent: Agent, after: number): number {
    const off = hash53(`${this.key}|beat|${agent.name}`);
    const up = (t: number, step: number) => {
      const o = off % step;
      return Math.floor((t - o) / step) * step + o + step;
    };
    const recentFrom = this.now - HOUR_MS;
    if (after < recentFrom) {
      const c = up(after, BEAT.history);
      if (c < recentFrom) return c;
      after = recentFrom - 1;
    }
    if (after < this.now) {
      const c = up(after, BEAT.recent);
      if (c <= this.now) return c;
      after = this.now;
    }
    return up(after, BEAT.live);
  }

  private count(e: WireEvent): WireEvent {
    const s = this.stats;
    s.events++;
    s.byType[e.type] = (s.byType[e.type] ?? 0) + 1;
    const d = e.data;
    switch (e.type) {
      case "job.started":
        s.jobs++;
        // a sub-agent runs inside its parent's agent; a pipeline stage or fan-out worker keeps its own busy
        if (d.trigger === "subagent") s.subagentJobs++;
        else if (e.agent && e.job) this.busy.set(e.agent, e.job);
        if (d.retry_of) s.retryJobs++;
        break;
      case "job.usage":
        // At list prices, whether or not the harness reported the cost.
        s.costUsd +=
          typeof d.cost_usd === "number"
            ? d.cost_usd
            : costOf(modelById(String(d.model)), {
                input: Number(d.input_tokens ?? 0),
                output: Number(d.output_tokens ?? 0),
                cacheRead: Number(d.cache_read_tokens ?? 0),
                cacheWrite: Number(d.cache_write_tokens ?? 0),
              });
        break;
      case "job.completed":
      case "job.failed":
      case "job.cancelled": {
        if (e.type === "job.completed") s.succeeded++;
        else if (e.type === "job.failed") s.failed++;
        else s.cancelled++;
        const cls = e.job ? this.classOf.get(e.job) : undefined;
        this.lastFailureClass = e.type === "job.completed" ? undefined : cls;
        if (cls && e.type !== "job.completed") s.failuresByClass[cls] = (s.failuresByClass[cls] ?? 0) + 1;
        if (e.job) this.classOf.delete(e.job);
        if (e.agent && this.busy.get(e.agent) === e.job) this.busy.delete(e.agent);
        break;
      }
      case "agent.heartbeat":
        s.heartbeats++;
        break;
      default:
        break;
    }
    return e;
  }
}

/** The fleet's history from `now - days` to `now`, as protocol events in time order. */
export function* generateFleet(opts: FleetOptions): Generator<WireEvent, FleetStats> {
  const stream = new FleetStream(opts);
  yield* stream.until(opts.now);
  return stream.stats;
}
