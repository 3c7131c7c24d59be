// An agent's live status, derived from what its heartbeats and its jobs' events say. Pure: the board, the
// agent page and the read API all call it with facts loaded by queries.ts and the same clock.
//
// Liveness and job state are two things: the status says whether the agent is alive and what it does (running,
// waiting, idle) or that it went silent (offline); "stalled" belongs to a job (running, no event for the stall
// time), so an agent that heartbeats while one of its jobs is silent is running, with 1 stalled job.

export const AGENT_STATUSES = ["running", "waiting", "idle", "offline"] as const;
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
  /** Its running jobs with no event for longer than the stall time, and the last event of the quietest one. */
  stalled: { jobs: number; quietSince: Date | null };
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
  /** Running jobs of the agent with no event for longer than the stall time (whatever its status). */
  stalledJobs: number;
  /** Milliseconds since the last event of the agent (offline) or of its quietest stalled job; else 0. */
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
 *   or a resource);
 * - running: a running job (stalled or not), or a "busy" heartbeat naming a job Fleetwatch has not seen end;
 * - idle: otherwise.
 * Apart from the status: stalledJobs, its running jobs with no event for more than stall_after_seconds (the
 * query counts them; thresholds are exclusive: exactly stall_after_seconds of silence is not stalled yet).
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
  const stalledJobs = facts.stalled.jobs;
  const stalledQuietMs =
    stalledJobs > 0 && facts.stalled.quietSince ? now.getTime() - facts.stalled.quietSince.getTime() : 0;
  const result = (status: AgentStatus, quietMs = stalledQuietMs): DerivedStatus => ({
    status,
    currentJob,
    offlineWithJob: status === "offline" && currentJob !== null,
    failing,
    stalledJobs,
    quietMs,
  });

  const silentMs = now.getTime() - facts.lastActivityAt.getTime();
  if (silentMs > t.offlineAfterSeconds * 1000) return result("offline", silentMs);
  if (hb?.status === "waiting" && (!job || hb.at >= job.lastEventAt)) return result("waiting");
  return result(currentJob ? "running" : "idle");
}

/**
 * What needs attention first: an alive agent with a stalled job, then offline with a running job, waiting,
 * failing a lot today, running, idle, offline. Lower is more urgent. A waiting agent's quiet job is expected
 * (it waits for a human or a resource), so waiting ranks as waiting.
 */
export function attentionRank(
  d: Pick<DerivedStatus, "status" | "offlineWithJob" | "failing" | "stalledJobs">,
): number {
  if (d.status === "offline") return d.offlineWithJob ? 1 : 6;
  if (d.status === "waiting") return 2;
  if (d.stalledJobs > 0) return 0;
  if (d.failing) return 3;
  return d.status === "running" ? 4 : 5;
}

/** Board order: by attention; the longest-silent first among agents with stalled jobs and lost agents; else by name. */
export function compareByAttention<T extends { name: string; derived: DerivedStatus }>(a: T, b: T): number {
  const ra = attentionRank(a.derived);
  const rb = attentionRank(b.derived);
  if (ra !== rb) return ra - rb;
  if (ra <= 1 && a.derived.quietMs !== b.derived.quietMs) return b.derived.quietMs - a.derived.quietMs;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
