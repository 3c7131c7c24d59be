// One job from queue to outcome: the prompt, turns of exploring, editing, verifying and shipping, sub-agents,
// and the failure (if any) striking at the point of the job where that class of failure strikes.
import { modelById } from "./catalog";
import { fail } from "./failure-path";
import { type Failure, makeFailure } from "./failures";
import { JobBuilder } from "./job-builder";
import { type Stage, say, subtask, success, thought } from "./narrative";
import { hashHex, keyed } from "./random";
import { Tools } from "./tools";
import { planTurns } from "./turns";
import type { BuiltJob, JobPlan, Outcome } from "./types";

/** Builds a job's events, and those of its sub-agents, from its plan. */
export function buildJob(plan: JobPlan): BuiltJob {
  const rng = keyed("job", plan.id);
  const b = new JobBuilder(plan, rng);
  const tools = new Tools(rng, plan.harness.name, plan.task);
  const task = plan.task;
  const children: BuiltJob[] = [];
  let outcome: Outcome | "running" = plan.outcome;
  let failure: Failure | null = null;

  // where the job sits in its run: parent, root, retry, step, and the trigger (a word, or an object)
  const runFields = {
    trigger: plan.triggerSpec ?? plan.trigger,
    ...(plan.parentId ? { parent_job: plan.parentId } : {}),
    ...(plan.rootId ? { root_job: plan.rootId } : {}),
    ...(plan.retryOf ? { retry_of: plan.retryOf } : {}),
    ...(plan.step ? { step: plan.step } : {}),
  };
  if (plan.queuedAt !== null)
    b.emit("job.queued", { title: plan.subtask?.description ?? task.title, ...runFields }, plan.queuedAt);
  const labels: Record<string, string> = { role: plan.agent.role, lang: task.repo.lang };
  if (plan.retryOf) Object.assign(labels, { attempt: String(plan.attempt), retry_of: plan.retryOf });
  b.emit("job.started", {
    title: plan.subtask?.description ?? task.title,
    harness: plan.harness.name,
    harness_version: plan.version,
    model: plan.model.id,
    ...runFields,
    repo: task.repo.name,
    branch: task.branch,
    labels,
  });
  if (!plan.parentId) {
    b.advance(rng.int(800, 6000));
    b.log("info", `Cloning into '${tools.ws}'... done (${rng.int(800, 9000)} files)`);
    b.log("info", `On branch ${task.branch} (from origin/main ${rng.hex(7)})`);
    b.log(
      "debug",
      `${plan.harness.name} ${plan.version} on ${plan.agent.host}, model ${plan.model.id}, max turns ${plan.harness.maxTurns}`,
    );
  }
  if (plan.harness.name === "looper" && !plan.parentId) {
    const system = `You are ${plan.agent.name}, an autonomous ${plan.agent.role} at Acme. Work only in ${tools.ws}. Use the tools to read, search, edit and run commands; never push to main. Finish with a one-paragraph summary.`;
    b.emit("job.message", { role: "system", text: system });
  }
  const prompt = plan.subtask?.prompt ?? task.prompt;
  b.emit("job.message", { role: "user", text: prompt });
  b.fresh += Math.ceil(prompt.length / 3.8);

  const skill = plan.model.skill;
  const median = (plan.subtask ? 5 : 17 * task.difficulty) * (1.5 - skill);
  let n = Math.min(plan.harness.maxTurns - 2, Math.max(3, Math.round(rng.logNormal(median, 0.45))));
  const cls = outcome === "succeeded" ? null : outcome;
  if (cls === "max_turns") n = plan.harness.maxTurns;
  if (cls === "budget_exceeded") n = Math.min(plan.harness.maxTurns - 2, n * 2 + 4);
  const pr = rng.int(task.pr + 1, task.pr + 400);
  const said = new Set<string>();
  const turns = planTurns(b, n, pr);
  const phase = cls ? makeFailure(cls, { ...b.failureContext(), turns: n }).phase : null;
  const stageIdx = (s: Stage) => turns.findIndex((t) => t.stage === s);
  // Failures that end a job "at the end" strike before it ships: the work never lands.
  let failAt = stageIdx("ship") >= 0 ? stageIdx("ship") : turns.length;
  if (phase === "early") failAt = rng.int(0, Math.min(1, turns.length - 1));
  else if (phase === "mid") failAt = Math.floor(turns.length * rng.float(0.3, 0.8));
  else if (phase === "verify")
    failAt = Math.max(
      0,
      turns.findLastIndex((t) => t.stage === "verify"),
    );
  else if (phase === "ship") failAt = Math.max(0, stageIdx("ship"));
  const hangAt = plan.hang ? Math.floor(turns.length * plan.hang.at) : -1;

  for (let i = 0; i <= turns.length; i++) {
    if (i === hangAt && plan.hang) {
      if (plan.hang.killAfterMs === null) return done(b, "running", null, children);
      b.advance(plan.hang.killAfterMs);
      const mins = Math.round(plan.hang.killAfterMs / 60_000);
      b.log(
        "warn",
        `watchdog: no output from ${plan.harness.name} for ${mins}m; sending SIGKILL to pid ${rng.int(2000, 90000)}`,
      );
      failure = {
        ...makeFailure("timeout", b.failureContext()),
        error: {
          type: "timeout",
          exit_code: 137,
          message: `Job stalled: no progress for ${mins}m; killed by watchdog`,
        },
      };
      b.emit("job.failed", { error: failure.error, retryable: true });
      return done(b, "timeout", failure, children);
    }
    if (cls && i === failAt) {
      failure = fail(b, cls, tools, n);
      return done(b, cls === "cancelled" ? "cancelled" : cls, failure, children);
    }
    const turn = turns[i];
    if (!turn) break;
    const text = i === 0 || rng.chance(0.6) ? say(rng, turn.stage, task, said) : undefined;
    const thinking = plan.model.reasoning && rng.chance(0.45) ? thought(rng, task) : undefined;
    b.call({ text, thinking, scale: cls === "budget_exceeded" ? 2.5 : 1 });
    if (turn.subagent) children.push(...subagent(b, tools, children.length));
    for (const make of turn.tools)
      b.tool(
        make(tools),
        turn.stage === "explore" || turn.stage === "found" ? Math.round(rng.logNormal(2200, 0.6)) : undefined,
      );
  }
  if (plan.subtask) {
    b.call({ text: plan.subtask.answer, outputMedian: 200 });
    b.emit("job.completed", { summary: plan.subtask.answer });
    return done(b, "succeeded", null, children);
  }
  const { summary, artifacts } = success(rng, task, plan.day, pr);
  b.call({ text: summary, outputMedian: 300 });
  const data: Record<string, unknown> = { summary, artifacts };
  if (plan.harness.name === "looper") data.score = Math.round(rng.float(0.55, 1) * 100) / 100;
  b.log("info", `${plan.harness.name} exited with code 0 after ${fmtDuration(b.t - plan.startAt)}`);
  b.emit("job.completed", data);
  outcome = "succeeded";
  return done(b, outcome, null, children);
}

function subagent(b: JobBuilder, tools: Tools, k: number): BuiltJob[] {
  const { rng, plan } = b;
  const s = subtask(rng, plan.task);
  // Claude Code's Explore sub-agents often run on Haiku.
  const childModel =
    plan.harness.name === "claude-code" && rng.chance(0.5) ? modelById("claude-haiku-4-5") : plan.model;
  const child: JobPlan = {
    ...plan,
    id: `run_${hashHex(plan.id, "sub", k)}`,
    model: childModel,
    trigger: "subagent",
    // a sub-agent is no step of its run and starts nothing: it belongs to the run through its parent
    step: undefined,
    rootId: undefined,
    triggerSpec: undefined,
    run: undefined,
    startAt: b.t + rng.int(100, 900),
    queuedAt: null,
    parentId: plan.id,
    retryOf: null,
    attempt: 1,
    outcome: rng.weighted([
      ["succeeded", 90],
      ["tool_error", 4],
      ["context_overflow", 3],
      ["max_turns", 3],
    ] as const),
    badRollout: false,
    hang: null,
    depth: plan.depth + 1,
    subtask: s,
  };
  const built = buildJob(child);
  const ok = built.outcome === "succeeded";
  const output = ok
    ? s.answer
    : `Sub-agent failed: ${built.failure?.error.message.split("\n")[0] ?? "unknown error"}`;
  const use = tools.subagent(s.description, s.prompt, output, built.endAt - b.t + rng.int(100, 600));
  b.tool({ ...use, isError: !ok }, Math.round(output.length / 3.8) + 50);
  return [built, ...built.children];
}

function done(
  b: JobBuilder,
  outcome: Outcome | "running",
  failure: Failure | null,
  children: BuiltJob[],
): BuiltJob {
  return {
    plan: b.plan,
    events: b.events,
    endAt: b.events.at(-1)?.t ?? b.t,
    outcome,
    failure,
    costUsd: b.costUsd,
    children,
  };
}

export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`
    : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}
