// Compact durations for live figures ("for 12m", "silent 2h 5m"). Pure.

export function compactDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** "75%" or "—" when nothing ended. */
export function formatRate(rate: number | null): string {
  return rate == null ? "—" : `${Math.round(rate * 100)}%`;
}

/**
 * An agent's name or a job's id from a URL segment, or null when it cannot be one (empty, over 512 characters,
 * or holding a NUL, which PostgreSQL text refuses): the page then shows the console's not-found page.
 */
export function lookupKeyFromSegment(segment: string): string | null {
  const key = nameFromSegment(segment);
  return key.length > 0 && key.length <= 512 && !key.includes("\u0000") ? key : null;
}

/** An agent's name from a URL segment (names may hold spaces or slashes, sent percent-encoded). */
export function nameFromSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not valid percent-encoding: taken as it is
  }
}

/** "1 stalled job", "3 stalled jobs". */
export function stalledJobsLabel(n: number): string {
  return `${n} stalled job${n === 1 ? "" : "s"}`;
}

type StatusWords = {
  status: "running" | "waiting" | "idle" | "offline";
  stalled_jobs: number;
  quiet_seconds: number;
  offline_with_job: boolean;
};

/**
 * The board's line under an agent's status. Liveness first (offline: how long silent); for an agent that is
 * alive, its stalled jobs, named as jobs ("1 stalled job · no event for 20m"): the agent is not stalled.
 */
export function statusDetail(a: StatusWords): string | null {
  const quiet = compactDuration(a.quiet_seconds * 1000);
  if (a.status === "offline") return `silent for ${quiet}${a.offline_with_job ? ", job left running" : ""}`;
  if (a.stalled_jobs === 0) return null;
  return `${stalledJobsLabel(a.stalled_jobs)} · no event for ${quiet}`;
}

/** The agent page's sentence under its name. */
export function statusLine(a: StatusWords): string | null {
  const quiet = compactDuration(a.quiet_seconds * 1000);
  if (a.status === "offline")
    return `No heartbeat and no event for ${quiet}${a.offline_with_job ? ", with a job still running" : ""}.`;
  const stalled =
    a.stalled_jobs === 0
      ? ""
      : `, with ${stalledJobsLabel(a.stalled_jobs)}: ${a.stalled_jobs > 1 ? "the quietest has sent " : ""}no event for ${quiet}`;
  if (a.status === "waiting") return `Its last heartbeat says it is waiting${stalled}.`;
  return stalled ? `Alive (${a.status})${stalled}.` : null;
}
