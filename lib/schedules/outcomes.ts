// Which job ran each expected slot, and how that went. Pure, so the rules are unit- and integration-tested.
//
// A slot's job is the earliest job of the schedule whose start time (started, else queued, else first event:
// job.sort_at) is at or after the slot and before the next slot. Its outcome at `now`:
//   upcoming  the slot is in the future
//   due       no job yet, and now is within the slot's grace (it may still start on time)
//   missed    no job in [slot, next slot) and the grace has passed (a job that starts later in the interval turns
//             it into "late": outcomes are recomputed from the jobs, an alert already sent stays sent)
//   running   its job is queued or running
//   failed    its job failed or was cancelled
//   on_time   its job succeeded and started within the grace (start - slot <= grace)
//   late      its job succeeded and started after the grace, before the next slot
import { graceMs } from "./cron";

export const OUTCOMES = ["on_time", "late", "missed", "failed", "running", "due", "upcoming"] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Outcomes that are final enough to count in the on-time rate. */
export const DECIDED: readonly Outcome[] = ["on_time", "late", "missed", "failed"];

export type SlotJob = {
  externalId: string;
  status: string;
  startAt: Date;
  agentName: string | null;
};

export type Slot = {
  at: Date;
  /** The next slot (the end of this slot's interval). */
  until: Date | null;
  graceMs: number;
  outcome: Outcome;
  job: SlotJob | null;
  /** How long after the slot its job started (ms), when it has one. */
  delayMs: number | null;
};

export function outcomeOf(at: Date, grace: number, job: SlotJob | null, now: Date): Outcome {
  if (at.getTime() > now.getTime()) return "upcoming";
  if (!job) return now.getTime() < at.getTime() + grace ? "due" : "missed";
  if (job.status === "failed" || job.status === "cancelled") return "failed";
  if (job.status === "queued" || job.status === "running") return "running";
  return job.startAt.getTime() - at.getTime() <= grace ? "on_time" : "late";
}

/**
 * The slots with their jobs and outcomes. `slots` oldest first, `next` the slot after the last; `jobs` are each
 * slot's earliest job (any order; a job outside every slot's interval is ignored).
 */
export function matchSlots(
  slots: Date[],
  next: Date | null,
  jobs: SlotJob[],
  graceSeconds: number | null,
  now: Date,
): Slot[] {
  const sorted = [...jobs].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
  let j = 0;
  return slots.map((at, i) => {
    const until = slots[i + 1] ?? next;
    while (j < sorted.length && (sorted[j]?.startAt.getTime() ?? 0) < at.getTime()) j += 1;
    const candidate = sorted[j];
    const job =
      candidate && (until === null || candidate.startAt.getTime() < until.getTime()) ? candidate : null;
    const grace = graceMs(at, until, graceSeconds);
    return {
      at,
      until,
      graceMs: grace,
      outcome: outcomeOf(at, grace, job, now),
      job,
      delayMs: job ? job.startAt.getTime() - at.getTime() : null,
    };
  });
}

/** On-time share of the decided slots (on time / (on time + late + missed + failed)), null when none. */
export function onTimeRate(slots: Slot[]): number | null {
  const decided = slots.filter((s) => DECIDED.includes(s.outcome));
  if (decided.length === 0) return null;
  return decided.filter((s) => s.outcome === "on_time").length / decided.length;
}
