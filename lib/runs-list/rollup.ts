// A run's roll-up from its jobs: pure, so the list, the pipelines and their tests share one definition.
import type { JobStatus } from "@/db/schema";

export type MemberJob = {
  id: string;
  externalId: string;
  parentExternalId: string | null;
  retryOfExternalId: string | null;
  step: string | null;
  status: JobStatus;
  failureClass: string | null;
  costUsd: number | null;
  tokens: number;
  sortAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
};

export const RUN_STATUSES = ["running", "failed", "cancelled", "succeeded"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type RunRollup = {
  status: RunStatus;
  jobs: number;
  /** Failed jobs, retried ones included. */
  failures: number;
  costUsd: number | null;
  tokens: number;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number | null;
};

/** Jobs that a later attempt retried: their outcome no longer decides the run's. */
export function supersededIds(jobs: MemberJob[]): Set<string> {
  return new Set(jobs.map((j) => j.retryOfExternalId).filter((v): v is string => v !== null));
}

/**
 * The run's status: running while any job is queued or running; else failed when the last attempt of any job
 * failed (a failure that a retry made good does not count), else cancelled when one was cancelled, else
 * succeeded. Cost sums the jobs with a known cost (null when none has one); tokens count input, output and
 * cache tokens; the duration runs from the first start to the last end, and is open while the run runs.
 */
export function rollUp(jobs: MemberJob[]): RunRollup {
  const retried = supersededIds(jobs);
  const last = jobs.filter((j) => !retried.has(j.externalId));
  const status: RunStatus = jobs.some((j) => j.status === "running" || j.status === "queued")
    ? "running"
    : last.some((j) => j.status === "failed")
      ? "failed"
      : last.some((j) => j.status === "cancelled")
        ? "cancelled"
        : "succeeded";
  const costs = jobs.map((j) => j.costUsd).filter((c): c is number => c !== null);
  const starts = jobs.map((j) => (j.startedAt ?? j.sortAt).getTime());
  const startedAt = new Date(Math.min(...starts));
  const ends = jobs.map((j) => j.endedAt?.getTime() ?? null).filter((t): t is number => t !== null);
  const endedAt = status === "running" || ends.length === 0 ? null : new Date(Math.max(...ends));
  return {
    status,
    jobs: jobs.length,
    failures: jobs.filter((j) => j.status === "failed").length,
    // summed in units of 1e-8 dollars (the column's scale), so 0.1 + 0.2 stays 0.3
    costUsd: costs.length ? costs.reduce((a, c) => a + Math.round(c * 1e8), 0) / 1e8 : null,
    tokens: jobs.reduce((a, j) => a + j.tokens, 0),
    startedAt,
    endedAt,
    durationMs: endedAt ? endedAt.getTime() - startedAt.getTime() : null,
  };
}
