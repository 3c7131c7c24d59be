// Pipelines from runs: pure, so the page, the API and the jobs list's pipeline filter agree, and the figures
// are tested by hand. A run's pipeline is the ordered set of its step names: each step once, in the order it
// first started (retries are attempts of a step, not steps). Runs without steps are no pipeline.
import { type MemberJob, type RunStatus, rollUp, supersededIds } from "@/lib/runs-list/rollup";

export const STEP_SEPARATOR = " → ";

/** A review step: "review" or "review:<who>" (any case). */
export const isReviewStep = (step: string) => /^review(\b|:|$)/i.test(step);

/** The run's steps in the order they ran, retries left out (a retry repeats its step's attempt). */
export function stepSequence(jobs: MemberJob[]): string[] {
  return jobs
    .filter((j) => j.step !== null && j.retryOfExternalId === null)
    .sort((a, b) => a.sortAt.getTime() - b.sortAt.getTime() || a.id.localeCompare(b.id))
    .map((j) => j.step as string);
}

/** The pipeline key of a run: its distinct steps in order of first start; "" when it has none. */
export function pipelineKey(jobs: MemberJob[]): string {
  return [...new Set(stepSequence(jobs))].join(STEP_SEPARATOR);
}

/**
 * Send-backs of a run: each time a step that already ran before a review runs again after that review (write →
 * review → fix → review → fix: the second review sent fix back, once). The review credited is the latest one
 * before the repeat. Returns the review step of each send-back.
 */
export function sendBacks(jobs: MemberJob[]): string[] {
  const seq = stepSequence(jobs);
  const out: string[] = [];
  let lastReview: { step: string; at: number } | null = null;
  seq.forEach((step, i) => {
    if (isReviewStep(step)) {
      lastReview = { step, at: i };
      return;
    }
    const review = lastReview as { step: string; at: number } | null;
    if (review && seq.slice(0, review.at).includes(step)) {
      out.push(review.step);
      lastReview = null; // one send-back per review: the rest of the rework follows from it
    }
  });
  return out;
}

export type StepStats = {
  step: string;
  jobs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** succeeded / (succeeded + failed + cancelled) over every attempt; null until one ended. */
  successRate: number | null;
  costUsd: number;
  /** The step's cost divided by the runs that had it. */
  costPerRun: number | null;
  /** Runs in which this review step sent work back (0 for other steps). */
  sentBack: number;
};

export type PipelineStats = {
  key: string;
  steps: StepStats[];
  runs: number;
  byStatus: Record<RunStatus, number>;
  costUsd: number;
  /** Every run's cost (failed runs' too) over the runs that succeeded: what a success costs. */
  costPerSuccessfulRun: number | null;
  /** Runs in which a review sent work back, and their share of the runs. */
  sentBackRuns: number;
  sendBackRate: number;
  /** Where failed runs failed: the last attempt's step and failure class, counted once per run. */
  failures: { step: string | null; failureClass: string; runs: number }[];
};

/** Dollars in units of 1e-8 (the cost column's scale), summed as integers so 0.1 + 0.2 stays 0.3. */
const units = (v: number) => Math.round(v * 1e8);

export function computePipelines(runs: MemberJob[][]): PipelineStats[] {
  const byKey = new Map<string, MemberJob[][]>();
  for (const jobs of runs) {
    const key = pipelineKey(jobs);
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), jobs]);
  }
  const out: PipelineStats[] = [];
  for (const [key, group] of byKey) {
    const byStatus: Record<RunStatus, number> = { running: 0, failed: 0, cancelled: 0, succeeded: 0 };
    const steps = new Map<string, StepStats & { runsWith: number; cost: number }>();
    const failures = new Map<string, { step: string | null; failureClass: string; runs: number }>();
    let cost = 0;
    let sentBackRuns = 0;
    for (const jobs of group) {
      const sum = rollUp(jobs);
      byStatus[sum.status]++;
      cost += units(sum.costUsd ?? 0);
      const backs = sendBacks(jobs);
      if (backs.length) sentBackRuns++;
      const seen = new Set<string>();
      for (const j of jobs) {
        if (j.step === null) continue;
        const s = steps.get(j.step) ?? {
          step: j.step,
          jobs: 0,
          succeeded: 0,
          failed: 0,
          cancelled: 0,
          successRate: null,
          costUsd: 0,
          costPerRun: null,
          sentBack: 0,
          runsWith: 0,
          cost: 0,
        };
        s.jobs++;
        if (j.status === "succeeded") s.succeeded++;
        if (j.status === "failed") s.failed++;
        if (j.status === "cancelled") s.cancelled++;
        s.cost += units(j.costUsd ?? 0);
        if (!seen.has(j.step)) s.runsWith++;
        seen.add(j.step);
        steps.set(j.step, s);
      }
      for (const review of new Set(backs)) {
        const s = steps.get(review);
        if (s) s.sentBack++;
      }
      if (sum.status === "failed") {
        const retried = supersededIds(jobs);
        const seenFail = new Set<string>();
        for (const j of jobs) {
          if (j.status !== "failed" || retried.has(j.externalId)) continue;
          const fk = `${j.step ?? ""}\u0000${j.failureClass ?? "unknown"}`;
          if (seenFail.has(fk)) continue;
          seenFail.add(fk);
          const f = failures.get(fk) ?? { step: j.step, failureClass: j.failureClass ?? "unknown", runs: 0 };
          f.runs++;
          failures.set(fk, f);
        }
      }
    }
    const order = key.split(STEP_SEPARATOR);
    out.push({
      key,
      steps: order.map((name) => {
        const { runsWith, cost: c, ...s } = steps.get(name) as StepStats & { runsWith: number; cost: number };
        const done = s.succeeded + s.failed + s.cancelled;
        return {
          ...s,
          successRate: done ? s.succeeded / done : null,
          costUsd: c / 1e8,
          costPerRun: runsWith ? c / runsWith / 1e8 : null,
        };
      }),
      runs: group.length,
      byStatus,
      costUsd: cost / 1e8,
      costPerSuccessfulRun: byStatus.succeeded ? cost / byStatus.succeeded / 1e8 : null,
      sentBackRuns,
      sendBackRate: sentBackRuns / group.length,
      failures: [...failures.values()].sort((a, b) => b.runs - a.runs),
    });
  }
  return out.sort((a, b) => b.runs - a.runs || a.key.localeCompare(b.key));
}
