// Shapes shared by the simulator's modules.
import type { EventType } from "@/lib/ingest/protocol";
import type { Agent, Harness, Model } from "./catalog";
import type { Failure, FailureClass } from "./failures";
import type { Task } from "./tasks";

/** A protocol event as it goes on the wire (docs/ingest.md). */
export type WireEvent = {
  id: string;
  type: EventType;
  time: string;
  job?: string;
  agent?: string;
  seq?: number;
  data: Record<string, unknown>;
};

export type TimedEvent = { t: number; event: WireEvent };

export type Outcome = "succeeded" | FailureClass;

export type JobPlan = {
  id: string;
  agent: Agent;
  model: Model;
  harness: Harness;
  version: string;
  task: Task;
  trigger: string;
  startAt: number;
  /** null: the runner reported no job.queued. */
  queuedAt: number | null;
  parentId: string | null;
  attempt: number;
  retryOf: string | null;
  outcome: Outcome;
  /** The harness version is a bad rollout: crashes share one stack. */
  badRollout: boolean;
  /** Stops reporting after this share of its turns; the watchdog kills it after killAfterMs (never when null). */
  hang: { at: number; killAfterMs: number | null } | null;
  depth: number;
  /** UTC day of the plan, YYYY-MM-DD. */
  day: string;
  /** For a sub-agent: what it was asked. */
  subtask?: { description: string; prompt: string; answer: string };
  /** Its step in its run ("write", "review:gpt-5", "fix"). */
  step?: string;
  /** The run's root job (root_job), for a job that is not the root. */
  rootId?: string;
  /** A trigger object instead of the word (cron schedules, fan-out workers). */
  triggerSpec?: TriggerSpec;
  /** What the job starts once it has run (lib/simulator/runs.ts). */
  run?: RunRole;
};

export type TriggerSpec = { kind: string; name?: string; schedule?: string; tz?: string; by?: string };

/** A review pipeline's stage (and its models), or a coordinator that fans out to workers. */
export type RunRole =
  | {
      kind: "pipeline";
      stage: "write" | "review" | "fix";
      /** 1, or 2 once a review sent the work back */
      round: number;
      /** The review that starts the fix when it succeeds (the last of its round). */
      last?: boolean;
      reviewModels: [string, string];
      fixModel: string;
    }
  | { kind: "fanout"; workers: number };

export type BuiltJob = {
  plan: JobPlan;
  events: TimedEvent[];
  /** Time of the terminal event, or of the last event when the job is left running. */
  endAt: number;
  outcome: Outcome | "running";
  failure: Failure | null;
  costUsd: number;
  children: BuiltJob[];
};
