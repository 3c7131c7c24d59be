// Folds a batch's new events into one delta per job and per agent. The merge rules are commutative
// (earliest start, latest activity, the latest terminal event wins), so any order of arrival and any
// split into batches ends in the same projection; store.ts applies the same rules in SQL.
import type { JobArtifact, JobError, JobStatus } from "@/db/schema";
import type { PricedUsage } from "@/lib/costs/pricing";
import type { IngestEvent } from "./protocol";

export type Terminal = {
  status: Extract<JobStatus, "succeeded" | "failed" | "cancelled">;
  endedAt: Date;
  summary: string | null;
  score: number | null;
  artifacts: JobArtifact[] | null;
  error: JobError | null;
  retryable: boolean | null;
  cancelReason: string | null;
};

/** Where a job sits in its run (job.queued and job.started both may say; the start's word wins). */
export type RunFacts = {
  trigger: string | null;
  triggerName: string | null;
  triggerSchedule: string | null;
  triggerTz: string | null;
  triggerBy: string | null;
  parentExternalId: string | null;
  rootExternalId: string | null;
  retryOfExternalId: string | null;
  step: string | null;
};

export type StartFacts = RunFacts & {
  title: string | null;
  harness: string | null;
  harnessVersion: string | null;
  model: string | null;
  repo: string | null;
  branch: string | null;
  labels: Record<string, string> | string[] | null;
};

export type JobDelta = {
  externalId: string;
  agentName: string | null;
  firstEventAt: Date;
  lastEventAt: Date;
  eventCount: number;
  queuedAt: Date | null;
  queuedTitle: string | null;
  queuedRun: RunFacts | null;
  startedAt: Date | null;
  start: StartFacts | null;
  terminal: Terminal | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reportedCostUsd: number | null;
  /** Sum of the price table's cost over usage whose model has a price. */
  computedCostUsd: number | null;
  /** Sum over usage of the reported cost, else the computed one. */
  costUsd: number | null;
  unpricedUsageEvents: number;
  redactionCount: number;
  /** Model seen in usage or messages when job.started named none. */
  seenModel: string | null;
};

export type AgentDelta = {
  name: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  heartbeat: {
    at: Date;
    status: string;
    host: string | null;
    version: string | null;
    job: string | null;
  } | null;
};

const STATUS_RANK: Record<Terminal["status"], number> = { cancelled: 0, failed: 1, succeeded: 2 };

/** True when terminal event `a` beats `b`: later time wins; ties broken by a fixed status order. */
export function terminalWins(
  a: Pick<Terminal, "endedAt" | "status">,
  b: Pick<Terminal, "endedAt" | "status">,
) {
  const d = a.endedAt.getTime() - b.endedAt.getTime();
  return d !== 0 ? d > 0 : STATUS_RANK[a.status] > STATUS_RANK[b.status];
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const min = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));

function terminalOf(e: IngestEvent): Terminal | null {
  const d = e.data;
  const none = {
    summary: null,
    score: null,
    artifacts: null,
    error: null,
    retryable: null,
    cancelReason: null,
  };
  switch (e.type) {
    case "job.completed":
      return {
        ...none,
        status: "succeeded",
        endedAt: e.time,
        summary: str(d.summary),
        score: typeof d.score === "number" ? d.score : null,
        artifacts: (d.artifacts as JobArtifact[] | undefined) ?? null,
      };
    case "job.failed":
      return {
        ...none,
        status: "failed",
        endedAt: e.time,
        error: d.error as JobError,
        retryable: typeof d.retryable === "boolean" ? d.retryable : null,
      };
    case "job.cancelled":
      return { ...none, status: "cancelled", endedAt: e.time, cancelReason: str(d.reason) };
    default:
      return null;
  }
}

/** The run facts of a job.queued or job.started (trigger: a kind, or {kind, name, schedule, tz, by}). */
export function runFactsOf(d: Record<string, unknown>): RunFacts {
  const t = d.trigger;
  const o = t && typeof t === "object" ? (t as Record<string, unknown>) : null;
  return {
    trigger: o ? str(o.kind) : str(t),
    triggerName: o ? str(o.name) : null,
    triggerSchedule: o ? str(o.schedule) : null,
    triggerTz: o ? str(o.tz) : null,
    triggerBy: o ? str(o.by) : null,
    parentExternalId: str(d.parent_job),
    rootExternalId: str(d.root_job),
    retryOfExternalId: str(d.retry_of),
    step: str(d.step),
  };
}

function startOf(e: IngestEvent): StartFacts {
  const d = e.data;
  const facts = runFactsOf(d);
  const labels = d.labels && typeof d.labels === "object" && !Array.isArray(d.labels) ? d.labels : null;
  return {
    ...facts,
    // labels.retry_of: how runners named the retried job before the protocol had retry_of; the field wins
    retryOfExternalId: facts.retryOfExternalId ?? str((labels as Record<string, unknown> | null)?.retry_of),
    title: str(d.title),
    harness: str(d.harness),
    harnessVersion: str(d.harness_version),
    model: str(d.model),
    repo: str(d.repo),
    branch: str(d.branch),
    labels: (d.labels as StartFacts["labels"]) ?? null,
  };
}

function emptyJob(e: IngestEvent & { job: string }): JobDelta {
  return {
    externalId: e.job,
    agentName: e.agent ?? null,
    firstEventAt: e.time,
    lastEventAt: e.time,
    eventCount: 0,
    queuedAt: null,
    queuedTitle: null,
    queuedRun: null,
    startedAt: null,
    start: null,
    terminal: null,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reportedCostUsd: null,
    computedCostUsd: null,
    costUsd: null,
    unpricedUsageEvents: 0,
    redactionCount: 0,
    seenModel: null,
  };
}

/** `priced` holds each usage event's cost by event id (store.ts prices them before folding). */
export function foldEvents(
  events: IngestEvent[],
  priced: ReadonlyMap<string, PricedUsage> = new Map(),
): { jobs: JobDelta[]; agents: AgentDelta[] } {
  const jobs = new Map<string, JobDelta>();
  const agents = new Map<string, AgentDelta>();

  for (const e of events) {
    if (e.agent) {
      const a = agents.get(e.agent) ?? {
        name: e.agent,
        firstSeenAt: e.time,
        lastSeenAt: e.time,
        heartbeat: null,
      };
      if (e.time < a.firstSeenAt) a.firstSeenAt = e.time;
      if (e.time > a.lastSeenAt) a.lastSeenAt = e.time;
      if (e.type === "agent.heartbeat" && (!a.heartbeat || e.time >= a.heartbeat.at)) {
        a.heartbeat = {
          at: e.time,
          status: String(e.data.status),
          host: str(e.data.host),
          version: str(e.data.version),
          job: str(e.data.job),
        };
      }
      agents.set(e.agent, a);
    }
    if (!e.job) continue;
    const j = jobs.get(e.job) ?? emptyJob(e as IngestEvent & { job: string });
    jobs.set(e.job, j);
    j.eventCount += 1;
    j.redactionCount += e.redactions ?? 0;
    j.agentName ??= e.agent ?? null;
    if (e.time < j.firstEventAt) j.firstEventAt = e.time;
    if (e.time > j.lastEventAt) j.lastEventAt = e.time;

    if (e.type === "job.queued") {
      if (!j.queuedAt || e.time < j.queuedAt) {
        j.queuedTitle = str(e.data.title) ?? j.queuedTitle;
        j.queuedRun = runFactsOf(e.data);
      }
      j.queuedAt = min(j.queuedAt, e.time);
    } else if (e.type === "job.started") {
      // The earliest start's facts describe the job (a re-delivered or retried start does not rewrite it).
      if (!j.startedAt || e.time < j.startedAt) j.start = startOf(e);
      j.startedAt = min(j.startedAt, e.time);
    } else if (e.type === "job.usage") {
      j.inputTokens += Number(e.data.input_tokens ?? 0);
      j.outputTokens += Number(e.data.output_tokens ?? 0);
      j.cacheReadTokens += Number(e.data.cache_read_tokens ?? 0);
      j.cacheWriteTokens += Number(e.data.cache_write_tokens ?? 0);
      if (typeof e.data.cost_usd === "number") j.reportedCostUsd = (j.reportedCostUsd ?? 0) + e.data.cost_usd;
      const p = priced.get(e.id);
      if (p) {
        if (p.computed != null) j.computedCostUsd = (j.computedCostUsd ?? 0) + p.computed;
        if (!p.unpriced) j.costUsd = (j.costUsd ?? 0) + p.cost;
        else j.unpricedUsageEvents += 1;
      }
      j.seenModel ??= str(e.data.model);
    } else {
      const t = terminalOf(e);
      if (t && (!j.terminal || terminalWins(t, j.terminal))) j.terminal = t;
    }
  }
  return { jobs: [...jobs.values()], agents: [...agents.values()] };
}
