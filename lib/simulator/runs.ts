// Runs that are more than one job: review pipelines (write by one model, review by two others as
// "review:<model>", fix by a fourth, and sometimes a review sends the work back for a second round), fan-outs
// (one instruction to 3-5 coordinated workers as children) and cron-scheduled agents (one job per slot of a
// schedule, with a missed slot and a late run every week). Seeded like the rest: the same day plans the same.
import { Cron } from "croner";
import { type Agent, MODELS, type Model, modelById } from "./catalog";
import { hashHex, keyed, type Rng } from "./random";
import { DAY_MS, drawOutcome, type FleetShape, versionAt } from "./schedule";
import { drawTask } from "./tasks";
import type { BuiltJob, JobPlan, RunRole } from "./types";

/** The fleet's cron schedules: each runs on one agent of the role, on every slot of the expression. */
export const CRON_SCHEDULES = [
  { name: "nightly-deps", schedule: "15 2 * * *", tz: "UTC", role: "upgrader" },
  { name: "flaky-test-sweep", schedule: "30 7 * * 1-5", tz: "Europe/Berlin", role: "tester" },
] as const;

/** The weekday (of the epoch day) when a schedule's slot has no job, and when its job starts 47 minutes late. */
export const MISSED_DAY = 3;
export const LATE_DAY = 5;
export const LATE_MS = 47 * 60_000;

const gap = (rng: Rng) => rng.int(20_000, 180_000);

function agentFor(shape: FleetShape, rng: Rng, roles: readonly string[], not: string[] = []): Agent {
  const fit = shape.agents.filter((a) => roles.includes(a.role) && !not.includes(a.name));
  return rng.pick(fit.length ? fit : shape.agents);
}

function otherModels(rng: Rng, not: string): Model[] {
  return rng.shuffle(MODELS.filter((m) => m.id !== not)).slice(0, 3);
}

/** A plan for `agent` at `startAt`, its outcome drawn like any job's. */
function stagePlan(
  shape: FleetShape,
  rng: Rng,
  base: JobPlan,
  o: Partial<JobPlan> & { id: string; agent: Agent; model: Model; startAt: number },
): JobPlan {
  const { version, bad } = versionAt(shape, o.agent, o.startAt);
  const task = o.task ?? base.task;
  return {
    ...base,
    harness: o.agent.harness,
    version,
    task,
    trigger: "pipeline",
    queuedAt: o.startAt - rng.int(500, 5000),
    retryOf: null,
    attempt: 1,
    outcome: drawOutcome(shape, rng, { agent: o.agent, model: o.model, task, t: o.startAt, bad, attempt: 1 }),
    badRollout: bad,
    hang: null,
    depth: 0,
    triggerSpec: undefined,
    run: undefined,
    ...o,
  };
}

/** Day plans with some of them made review pipelines (builders, fixers) or fan-outs, plus the cron jobs. */
export function shapeRuns(shape: FleetShape, plans: JobPlan[], epochDay: number): JobPlan[] {
  for (const plan of plans) {
    const rng = keyed("run-shape", plan.id);
    if ((plan.agent.role === "builder" || plan.agent.role === "fixer") && rng.chance(0.14)) {
      const [a, b, fix] = otherModels(rng, plan.model.id) as [Model, Model, Model];
      plan.step = "write";
      plan.run = { kind: "pipeline", stage: "write", round: 1, reviewModels: [a.id, b.id], fixModel: fix.id };
    } else if (plan.agent.role === "triager" || rng.chance(0.03)) {
      if (rng.chance(0.4)) plan.run = { kind: "fanout", workers: rng.int(3, 5) };
    }
  }
  return [...plans, ...cronPlans(shape, epochDay)].sort((a, b) => a.startAt - b.startAt);
}

function cronPlans(shape: FleetShape, epochDay: number): JobPlan[] {
  const out: JobPlan[] = [];
  const dayStart = new Date(epochDay * DAY_MS);
  CRON_SCHEDULES.forEach((s, k) => {
    const agents = shape.agents.filter((a) => a.role === s.role);
    const agent = agents[0] ?? shape.agents[k % shape.agents.length];
    if (!agent) return;
    const cron = new Cron(s.schedule, { timezone: s.tz });
    // every slot of the day (croner follows the zone's daylight saving changes)
    for (
      let next = cron.nextRun(new Date(dayStart.getTime() - 1));
      next && next.getTime() < dayStart.getTime() + DAY_MS;
      next = cron.nextRun(next)
    ) {
      const slot = next.getTime();
      const weekday = epochDay % 7;
      if (k === 0 && weekday === MISSED_DAY) continue; // the runner was down: no job for this slot
      const rng = keyed("cron", shape.key, s.name, slot);
      const startAt = slot + rng.int(2_000, 40_000) + (k === 0 && weekday === LATE_DAY ? LATE_MS : 0);
      const task = drawTask(rng, agent.role, agent.name, true);
      const model = agent.model;
      const base: JobPlan = {
        id: `cron_${hashHex(shape.key, s.name, slot)}`,
        agent,
        model,
        harness: agent.harness,
        version: "",
        task,
        trigger: "cron",
        startAt,
        queuedAt: null,
        parentId: null,
        attempt: 1,
        retryOf: null,
        outcome: "succeeded",
        badRollout: false,
        hang: null,
        depth: 0,
        day: dayStart.toISOString().slice(0, 10),
      };
      out.push({
        ...stagePlan(shape, rng, base, { id: base.id, agent, model, startAt, trigger: "cron" }),
        queuedAt: slot,
        triggerSpec: { kind: "cron", name: s.name, schedule: s.schedule, tz: s.tz },
      });
    }
  });
  return out;
}

const titled = (plan: JobPlan, what: string) => ({ ...plan.task, title: `${what}: ${plan.task.title}` });

/** What a job starts once built: a pipeline's next stage, a fan-out's workers. */
export function followUps(shape: FleetShape, plan: JobPlan, built: BuiltJob): JobPlan[] {
  const run = plan.run;
  if (!run || built.outcome === "running") return [];
  const rng = keyed("follow", plan.id);
  const rootId = plan.rootId ?? plan.id;
  if (run.kind === "fanout") {
    if (plan.retryOf) return [];
    const workers = agentFor(shape, rng, ["builder", "fixer", "tester", "docs"], [plan.agent.name]);
    return Array.from({ length: run.workers }, (_, i) => {
      const agent =
        i === 0 ? workers : agentFor(shape, rng, ["builder", "fixer", "tester", "docs"], [plan.agent.name]);
      return stagePlan(shape, rng, plan, {
        id: `run_${hashHex(plan.id, "worker", i)}`,
        agent,
        model: agent.model,
        task: drawTask(rng, agent.role, agent.name, false),
        startAt: plan.startAt + 15_000 + i * rng.int(2_000, 30_000),
        parentId: plan.id,
        rootId,
        triggerSpec: { kind: "pipeline", name: "fan-out", by: plan.agent.name },
      });
    });
  }
  if (built.outcome !== "succeeded") return [];
  const next = (
    stage: RunRole & { kind: "pipeline" },
    o: Partial<JobPlan> & { agent: Agent; model: Model; step: string },
    i: number,
  ) =>
    stagePlan(shape, rng, plan, {
      id: `run_${hashHex(plan.id, o.step, i)}`,
      task: titled(plan, o.step.startsWith("review") ? "Review" : "Fix"),
      startAt: built.endAt + gap(rng) + i * rng.int(1_000, 20_000),
      parentId: plan.id,
      rootId,
      run: stage,
      ...o,
    });
  const reviewer = (model: string, i: number, round: number, last: boolean) =>
    next(
      { ...run, stage: "review", round, last },
      { agent: agentFor(shape, rng, ["reviewer"]), model: modelById(model), step: `review:${model}` },
      i,
    );
  if (run.stage === "write") return run.reviewModels.map((m, i) => reviewer(m, i, 1, i === 1));
  if (run.stage === "review" && run.last)
    return [
      next(
        { ...run, stage: "fix" },
        { agent: agentFor(shape, rng, ["fixer"]), model: modelById(run.fixModel), step: "fix" },
        0,
      ),
    ];
  // a review finds the fix wanting: the work goes back for one more review and fix
  if (run.stage === "fix" && run.round === 1 && rng.chance(0.3))
    return [reviewer(run.reviewModels[0], 0, 2, true)];
  return [];
}
