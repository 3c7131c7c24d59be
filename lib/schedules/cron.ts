// A schedule's expected slots, read with croner in the schedule's time zone. Croner's daylight-saving semantics
// are ours: a wall time the spring-forward change skips (02:30 in Europe/Paris on 2026-03-29) runs at the first
// instant after the gap (03:00 CEST = 01:00Z), once; a wall time the fall-back change repeats (02:30 on
// 2026-10-25) runs once, at its first occurrence (02:30 CEST = 00:30Z), not again an hour later. Patterns with
// a wildcard hour ("0 * * * *") follow real time: the repeated hour runs twice, the skipped hour not at all.
import { Cron } from "croner";
import cronstrue from "cronstrue";

/** At most this many slots are computed for one request (a `* * * * * *` pattern over a month is millions). */
export const MAX_SLOTS = 1000;
/** The default grace: 10% of the slot's interval, at most 10 minutes. */
export const DEFAULT_GRACE_CAP_SECONDS = 600;

function cronOf(pattern: string, timezone: string): Cron {
  return new Cron(pattern, { paused: true, timezone });
}

/** The pattern's problem in words, or null when croner accepts it. */
export function cronProblem(pattern: string, timezone = "UTC"): string | null {
  try {
    const c = cronOf(pattern, timezone);
    if (!c.nextRun(new Date())) return "This schedule never runs again.";
    return null;
  } catch (err) {
    return `Not a cron expression croner accepts: ${(err as Error).message}`;
  }
}

/**
 * The slots in [from, to), oldest first, plus the first slot at or after `to` (the one that bounds the last
 * slot's interval, and the next run when `to` is now). At most `max` slots before `to`: the latest ones.
 */
export function slotsBetween(
  pattern: string,
  timezone: string,
  from: Date,
  to: Date,
  max = MAX_SLOTS,
): { slots: Date[]; next: Date | null } {
  const c = cronOf(pattern, timezone);
  // previousRuns walks back from `to` (exclusive), newest first: the latest `max` slots.
  const back = c.previousRuns(max, to).filter((d) => d.getTime() >= from.getTime());
  // croner's nextRun(t) is strictly after t: ask from 1 ms before `to` so a slot exactly at `to` is the next one
  const next = c.nextRun(new Date(to.getTime() - 1));
  return { slots: back.reverse(), next };
}

/** The latest `n` slots before `to` (oldest first) and the next one at or after `to`. */
export function lastSlots(pattern: string, timezone: string, n: number, to: Date) {
  return slotsBetween(pattern, timezone, new Date(0), to, n);
}

/** The grace of a slot: the schedule's own, else 10% of the interval to the next slot, at most 10 minutes. */
export function graceMs(slot: Date, next: Date | null, graceSeconds: number | null): number {
  if (graceSeconds !== null) return graceSeconds * 1000;
  if (!next) return DEFAULT_GRACE_CAP_SECONDS * 1000;
  return Math.min(DEFAULT_GRACE_CAP_SECONDS * 1000, Math.floor((next.getTime() - slot.getTime()) / 10));
}

/** "At 02:30, Europe/Paris time"; the pattern itself when cronstrue cannot read it. */
export function describeCron(pattern: string, timezone: string): string {
  try {
    // verbose says "every day" of a daily time; of a repeating minute or hour it only adds noise
    let words = cronstrue.toString(pattern, { use24HourTimeFormat: true, verbose: true });
    if (words.startsWith("Every ")) words = words.replace(", every hour", "").replace(", every day", "");
    return `${words}, ${timezone} time`;
  } catch {
    return `${pattern} (${timezone})`;
  }
}
