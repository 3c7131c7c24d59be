// When work arrives and how it ends: a day's jobs with a working-hours rhythm, incidents (a provider outage,
// a bad harness rollout, an expired key) fixed to calendar days so re-runs agree, and each job's outcome.
import { type Agent, type HarnessName, type Model, type Provider, successRate } from "./catalog";
import { type FailureClass, failureWeights } from "./failures";
import { hashHex, keyed, type Rng } from "./random";
import { drawTask, type Task } from "./tasks";
import type { JobPlan, Outcome } from "./types";

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** Jobs per UTC hour: the fleet serves teams in Europe and the Americas. */
const HOURLY = [2, 1.5, 1.2, 1, 1, 1, 1.5, 3, 6, 8, 9, 9, 8, 9, 10, 10, 9, 8, 6, 5, 4, 3.5, 3, 2.5];
const HOURLY_TOTAL = HOURLY.reduce((a, b) => a + b, 0);

export type Incidents = {
  outage: { provider: Provider; start: number; end: number };
  rollout: { harness: HarnessName; start: number; end: number };
  expiredKey: { agentIndex: number; start: number; end: number };
};

/** One of each incident per calendar week (7-day block since the epoch), at a seeded day and hour. */
export function incidentsOfBlock(seed: number, block: number): Incidents {
  const rng = keyed("incidents", seed, block);
  const day = (k: number) => (block * 7 + k) * DAY_MS;
  const outageStart = day(rng.int(0, 6)) + rng.int(13, 17) * HOUR_MS + rng.int(0, 59) * 60_000;
  const rolloutStart = day(rng.int(0, 6)) + rng.int(8, 10) * HOUR_MS + rng.int(0, 59) * 60_000;
  const keyStart = day(rng.int(0, 6)) + rng.int(6, 12) * HOUR_MS;
  return {
    outage: {
      provider: rng.weighted([
        ["anthropic", 3],
        ["openai", 2],
        ["google", 1],
      ] as const),
      start: outageStart,
      end: outageStart + rng.int(50, 100) * 60_000,
    },
    rollout: {
      // The big harnesses take turns, so every two weeks show a rollout with enough jobs to see.
      harness: (["claude-code", "codex", "opencode"] as const)[((block % 3) + 3) % 3] ?? "claude-code",
      start: rolloutStart,
      end: Math.floor(rolloutStart / DAY_MS) * DAY_MS + DAY_MS - 1,
    },
    expiredKey: { agentIndex: rng.int(0, 1000), start: keyStart, end: keyStart + rng.int(2, 5) * HOUR_MS },
  };
}

export class Calendar {
  private cache = new Map<number, Incidents>();

  constructor(private readonly seed: number) {}

  at(t: number): Incidents {
    const block = Math.floor(t / DAY_MS / 7);
    let inc = this.cache.get(block);
    if (!inc) {
      inc = incidentsOfBlock(this.seed, block);
      this.cache.set(block, inc);
    }
    return inc;
  }
}

const within = (t: number, w: { start: number; end: number }) => t >= w.start && t < w.end;

export type FleetShape = {
  key: string;
  seed: number;
  agents: Agent[];
  jobsPerDay: number;
  calendar: Calendar;
};

/** The harness version an agent runs at time t, and whether it is a bad rollout. */
export function versionAt(shape: FleetShape, agent: Agent, t: number): { version: string; bad: boolean } {
  const d = Math.floor(t / DAY_MS);
  const r = shape.calendar.at(t).rollout;
  if (r.harness === agent.harness.name && agent.lagDays === 0 && within(t, r))
    return { version: agent.harness.badVersion(d), bad: true };
  return { version: agent.harness.version(d - agent.lagDays), bad: false };
}

export function drawOutcome(
  shape: FleetShape,
  rng: Rng,
  o: { agent: Agent; model: Model; task: Task; t: number; bad: boolean; attempt: number },
): Outcome {
  const inc = shape.calendar.at(o.t);
  // Jobs that start shortly before an outage run into it too.
  const hit = { start: inc.outage.start - 20 * 60_000, end: inc.outage.end };
  if (o.model.provider === inc.outage.provider && within(o.t, hit) && rng.chance(0.85))
    return rng.weighted<FailureClass>([
      ["provider_error", 7],
      ["rate_limit", 3],
    ]);
  if (
    inc.expiredKey.agentIndex % shape.agents.length === o.agent.index &&
    within(o.t, inc.expiredKey) &&
    rng.chance(0.9)
  )
    return "auth";
  if (o.bad && rng.chance(0.4)) return "harness_crash";
  const p =
    successRate(o.model, o.agent.harness) - (o.task.difficulty - 1) * 0.15 + (o.attempt > 1 ? 0.05 : 0);
  if (rng.chance(p)) return "succeeded";
  return rng.weighted(failureWeights(o.model, o.agent.harness, o.task));
}

/** The jobs of one UTC day, sorted by start; independent of "now" so every run plans the same day alike. */
export function planDay(shape: FleetShape, epochDay: number): JobPlan[] {
  const rng = keyed("day", shape.key, epochDay);
  const weekday = new Date(epochDay * DAY_MS).getUTCDay();
  const factor = weekday === 0 || weekday === 6 ? 0.55 : 1.18;
  const count = Math.round(shape.jobsPerDay * factor * rng.float(0.9, 1.1));
  const day = new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
  const nightly = shape.agents.filter(
    (a) => a.role === "upgrader" || a.role === "scout" || a.role === "tester",
  );
  const plans: JobPlan[] = [];
  for (let k = 0; k < count; k++) {
    const jr = keyed("job", shape.key, epochDay, k);
    const scheduled = nightly.length > 0 && jr.chance(0.06);
    const hour = scheduled ? 2 : jr.weighted(HOURLY.map((w, h) => [h, w / HOURLY_TOTAL] as const));
    const startAt =
      epochDay * DAY_MS + hour * HOUR_MS + (scheduled ? jr.int(0, 600_000) : jr.int(0, HOUR_MS - 1));
    const agent = scheduled ? jr.pick(nightly) : jr.weighted(shape.agents.map((a) => [a, a.load] as const));
    const task = drawTask(jr, agent.role, agent.name, scheduled);
    const model = jr.chance(0.2) ? agent.altModel : agent.model;
    const { version, bad } = versionAt(shape, agent, startAt);
    const outcome = drawOutcome(shape, jr, { agent, model, task, t: startAt, bad, attempt: 1 });
    const busy = HOURLY[hour] ?? 1;
    plans.push({
      id: `run_${hashHex(shape.key, epochDay, k)}`,
      agent,
      model,
      harness: agent.harness,
      version,
      task,
      trigger: task.trigger,
      startAt,
      queuedAt: jr.chance(0.7) ? startAt - Math.round(jr.logNormal(4000 * busy, 1)) : null,
      parentId: null,
      attempt: 1,
      retryOf: null,
      outcome,
      badRollout: bad,
      hang: jr.chance(0.004) ? { at: jr.float(0.2, 0.8), killAfterMs: 60 * 60_000 } : null,
      depth: 0,
      day,
    });
  }
  return plans.sort((a, b) => a.startAt - b.startAt);
}

/** A runner's retry of a failed job: same task, a new job id, trigger "retry". */
export function planRetry(
  shape: FleetShape,
  failed: JobPlan,
  endAt: number,
  cls: FailureClass,
): JobPlan | null {
  const rng = keyed("retry", failed.id);
  const eager =
    cls === "rate_limit" || cls === "provider_error" || cls === "harness_crash" || cls === "infra";
  if (failed.depth > 0 || failed.attempt >= 3 || !rng.chance(eager ? 0.8 : 0.5)) return null;
  const startAt = endAt + Math.round(rng.logNormal(cls === "rate_limit" ? 90_000 : 40_000, 0.8));
  const agent = failed.agent;
  const model = cls === "rate_limit" && rng.chance(0.3) ? agent.altModel : failed.model;
  const { version, bad } = versionAt(shape, agent, startAt);
  const outcome = drawOutcome(shape, rng, {
    agent,
    model,
    task: failed.task,
    t: startAt,
    bad,
    attempt: failed.attempt + 1,
  });
  return {
    ...failed,
    id: `run_${hashHex(failed.id, "retry")}`,
    model,
    version,
    trigger: "retry",
    startAt,
    queuedAt: Math.min(startAt - 100, endAt + rng.int(200, 3000)),
    attempt: failed.attempt + 1,
    retryOf: failed.id,
    outcome,
    badRollout: bad,
    hang: null,
  };
}
