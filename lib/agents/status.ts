// An agent's live status, derived from what its heartbeats and its jobs' events say. Pure: the board, the
// agent page and the read API all call it with facts loaded by queries.ts and the same clock.

export const AGENT_STATUSES = ["stalled", "waiting", "running", "idle", "offline"] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export type Thresholds = { stallAfterSeconds: number; offlineAfterSeconds: number };

/** A job of the agent that is running (started, not ended) as far as the events say. */
export type RunningJob = {
  id: string | null;
  externalId: string;
  title: string | null;
  startedAt: Date | null;
  lastEventAt: Date;
};

export type AgentFacts = {
  /** The latest heartbeat (agent.heartbeat data.status: idle | busy | waiting). */
  heartbeat: { at: Date; status: string; job: string | null } | null;
  /** The heartbeat's job when Fleetwatch knows it: ended jobs do not make an agent busy. */
  heartbeatJobEnded: boolean;
  /** The agent's running job: the heartbeat's when it is running, else the most recently started one. */
  runningJob: RunningJob | null;
  /** The latest event of any kind from the agent or one of its jobs. */
  lastActivityAt: Date;
  today: { succeeded: number; failed: number };
};

export type CurrentJob = {
  id: string | null;
  externalId: string;
  title: string | null;
  /** When it started (for a job known only from a heartbeat: that heartbeat). */
  since: Date;
  lastEventAt: Date | null;
};

export type DerivedStatus = {
  status: AgentStatus;
  currentJob: CurrentJob | null;
  /** Offline while a job of it is still running: the job was probably lost with the agent. */
  offlineWithJob: boolean;
  /** Failed at least FAILING_MIN_FAILED jobs today, and at least half of the ones that ended. */
  failing: boolean;
  /** Milliseconds since the last event of the current job (stalled) or of the agent (offline). */
  quietMs: number;
};

export const FAILING_MIN_FAILED = 3;
export const FAILING_MIN_SHARE = 0.5;

export function isFailing(today: { succeeded: number; failed: number }): boolean {
  const ended = today.succeeded + today.failed;
  return today.failed >= FAILING_MIN_FAILED && today.failed / ended >= FAILING_MIN_SHARE;
}

/**
 * - offline: no heartbeat and no event for more than offline_after_seconds (whatever it was doing);
 * - waiting: the latest heartbeat says "waiting" and no job event came after it (the agent waits for a human
 *   or a resource: a quiet job is expected, so it is not called stalled);
 * - stalled: a running job with no event for more than stall_after_seconds;
 * - running: a running job, or a "busy" heartbeat naming a job Fleetwatch has not seen end;
 * - idle: otherwise.
 * Thresholds are exclusive: exactly stall_after_seconds of silence is not stalled yet.
 */
export function deriveStatus(facts: AgentFacts, t: Thresholds, now: Date): DerivedStatus {
  const job = facts.runningJob;
  const hb = facts.heartbeat;
  const failing = isFailing(facts.today);
  let currentJob: CurrentJob | null = job
    ? {
        id: job.id,
        externalId: job.externalId,
        title: job.title,
        since: job.startedAt ?? job.lastEventAt,
        lastEventAt: job.lastEventAt,
      }
    : null;
  if (!currentJob && hb?.status === "busy" && hb.job && !facts.heartbeatJobEnded) {
    currentJob = { id: null, externalId: hb.job, title: null, since: hb.at, lastEventAt: null };
  }
  const result = (status: AgentStatus, quietMs = 0): DerivedStatus => ({
    status,
    currentJob,
    offlineWithJob: status === "offline" && currentJob !== null,
    failing,
    quietMs,
  });

  const silentMs = now.getTime() - facts.lastActivityAt.getTime();
  if (silentMs > t.offlineAfterSeconds * 1000) return result("offline", silentMs);
  if (hb?.status === "waiting" && (!job || hb.at >= job.lastEventAt)) return result("waiting");
  if (job) {
    const jobQuietMs = now.getTime() - job.lastEventAt.getTime();
    return jobQuietMs > t.stallAfterSeconds * 1000 ? result("stalled", jobQuietMs) : result("running");
  }
  return result(currentJob ? "running" : "idle");
}

/**
 * What needs attention first: stalled, then offline with a running job, waiting, failing a lot today,
 * running, idle, offline. Lower is more urgent.
 */
export function attentionRank(d: Pick<DerivedStatus, "status" | "offlineWithJob" | "failing">): number {
  if (d.status === "stalled") return 0;
  if (d.status === "offline") return d.offlineWithJob ? 1 : 6;
  if (d.status === "waiting") return 2;
  if (d.failing) return 3;
  return d.status === "running" ? 4 : 5;
}

/** Board order: by attention; the longest-silent first among stalled and lost agents; else by name. */
export function compareByAttention<T extends { name: string; derived: DerivedStatus }>(a: T, b: T): number {
  const ra = attentionRank(a.derived);
  const rb = attentionRank(b.derived);
  if (ra !== rb) return ra - rb;
  if (ra <= 1 && a.derived.quietMs !== b.derived.quietMs) return b.derived.quietMs - a.derived.quietMs;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
