// The failure taxonomy as a fleet meets it: which classes strike which model and harness how often, and the
// error each one reports, worded the way providers, harnesses, git, test runners and Linux word them.

import type { FailureClass } from "@/lib/failures/taxonomy";
import type { Harness, Model } from "./catalog";
import { outputs } from "./failure-outputs";
import type { Rng } from "./random";
import type { Task } from "./tasks";

export { FAILURE_CLASSES, type FailureClass } from "@/lib/failures/taxonomy";

/** Classes a runner usually retries. */
export const RETRYABLE: ReadonlySet<FailureClass> = new Set([
  "rate_limit",
  "provider_error",
  "timeout",
  "infra",
  "harness_crash",
  "git_error",
  "unknown",
]);

/** Where in a job the failure strikes. */
export type Phase = "early" | "mid" | "verify" | "ship" | "end";

const BASE: Record<FailureClass, number> = {
  rate_limit: 7,
  provider_error: 6,
  auth: 1.5,
  context_overflow: 5,
  max_turns: 5,
  budget_exceeded: 3,
  timeout: 6,
  tool_error: 8,
  test_failure: 19,
  build_error: 10,
  git_error: 6,
  infra: 5,
  harness_crash: 3,
  refusal: 1,
  looping: 5,
  cancelled: 9,
  unknown: 3,
};

/** Relative odds of each class for a failing job of this model, harness and task. */
export function failureWeights(model: Model, harness: Harness, task: Task): [FailureClass, number][] {
  const w = { ...BASE };
  if (model.skill < 0.66) {
    w.looping *= 1.8;
    w.max_turns *= 1.5;
    w.test_failure *= 1.2;
  }
  if (model.contextWindow <= 128_000) w.context_overflow *= 2.5;
  if (model.contextWindow >= 1_000_000) w.context_overflow *= 0.25;
  if (model.reasoning && model.latencyS >= 5) w.timeout *= 1.6;
  if (model.price.output >= 25) w.budget_exceeded *= 3;
  if (model.provider === "anthropic") w.refusal *= 1.5;
  if (model.provider === "deepseek") {
    w.provider_error *= 2.2;
    w.rate_limit *= 1.4;
  }
  if (model.provider === "mistral" || model.provider === "xai") w.rate_limit *= 1.5;
  if (harness.name === "aider") {
    w.build_error *= 1.5;
    w.looping *= 1.4;
  }
  if (harness.name === "opencode") w.harness_crash *= 1.6;
  if (harness.name === "looper") {
    w.harness_crash *= 2;
    w.unknown *= 2.5;
    w.max_turns *= 1.5;
    w.budget_exceeded *= 1.5;
  }
  if (task.kind === "review" || task.kind === "triage" || task.kind === "scout" || task.kind === "docs") {
    w.test_failure *= 0.15;
    w.build_error *= 0.3;
    w.git_error *= 0.4;
  }
  if (task.kind === "review" || task.kind === "triage" || task.kind === "scout") w.git_error = 0;
  if (task.kind === "scout") w.test_failure = w.build_error = 0;
  if (task.sensitive) w.refusal *= 60;
  return Object.entries(w) as [FailureClass, number][];
}

export type FailureError = {
  type?: string;
  message: string;
  code?: string | number;
  exit_code?: number;
  stack?: string;
};

export type Failure = {
  cls: FailureClass;
  phase: Phase;
  error: FailureError;
  retryable: boolean;
  /** A shell command whose failing output is the cause (tests, build, git). */
  command?: { command: string; output: string; exitCode: number };
  /** Runner log lines that precede the failure. */
  logs: { level: "warn" | "error" | "fatal" | "info"; message: string }[];
  /** Text of an assistant message that states the failure (refusals, loops). */
  say?: string;
};

export type FailureContext = {
  rng: Rng;
  model: Model;
  harness: Harness;
  version: string;
  task: Task;
  jobId: string;
  /** Tokens in the context at the failing call. */
  contextTokens: number;
  costUsd: number;
  elapsedMs: number;
  turns: number;
  /** Set during a bad rollout: the crash everyone on this version hits. */
  badRollout?: boolean;
};

export type ErrorSpec = Omit<Failure, "cls" | "phase" | "retryable" | "logs"> & {
  logs?: Failure["logs"];
  phase?: Phase;
};

const PHASE: Record<FailureClass, Phase> = {
  rate_limit: "early",
  provider_error: "mid",
  auth: "early",
  context_overflow: "end",
  max_turns: "end",
  budget_exceeded: "end",
  timeout: "end",
  tool_error: "mid",
  test_failure: "verify",
  build_error: "verify",
  git_error: "ship",
  infra: "mid",
  harness_crash: "mid",
  refusal: "early",
  looping: "end",
  cancelled: "mid",
  unknown: "mid",
};

/** The failure a job of this class reports, with its context woven into the message. */
export function makeFailure(cls: FailureClass, ctx: FailureContext): Failure {
  const spec = outputs[cls](ctx);
  return {
    cls,
    phase: spec.phase ?? PHASE[cls],
    error: spec.error,
    retryable: RETRYABLE.has(cls) && !(cls === "git_error" && spec.error.message.includes("CONFLICT")),
    command: spec.command,
    logs: spec.logs ?? [],
    say: spec.say,
  };
}

/** Reasons a job is cancelled. */
export function cancelReason(rng: Rng, task: Task): string {
  return rng.pick([
    `Cancelled by ${rng.pick(["alice", "bob", "priya", "mateo", "chen", "fatima"])}@acme.dev from the console`,
    `Superseded by a newer push to ${task.branch} (${rng.hex(7)})`,
    `PR #${task.pr} was closed`,
    "Runner received SIGINT (draining for deploy)",
    `Issue #${task.issue} closed as duplicate`,
    "Queue paused by on-call during incident",
  ]);
}
