// The facts a standup is built from, gathered by facts.ts from the projections (never the raw events).
import type { JobArtifact } from "@/db/schema";

/** Bounds on every list a standup holds (a fleet has thousands of agents and jobs a day). */
export const LIMITS = {
  /** Agents with a full standup in a fleet standup; the rest are counted. */
  agents: 100,
  /** Quiet agents named; the rest are counted. */
  quietNames: 30,
  done: 15,
  failureGroups: 8,
  jobsPerGroup: 5,
  stalled: 5,
  waiting: 5,
  openIssues: 5,
  queued: 5,
  /** New and regressed issues named in the fleet summary. */
  fleetIssues: 5,
  topClasses: 3,
} as const;

export type JobRef = {
  id: string;
  externalId: string;
  title: string | null;
  /** When it ended (done, failed), last reported (stalled, waiting) or was queued (next). ISO. */
  at: string;
  costUsd: number | null;
};

export type DoneJob = JobRef & { artifacts: JobArtifact[] };

export type IssueRef = {
  id: string;
  title: string;
  failureClass: string;
  state: string;
};

export type FailureGroup = {
  /** The issue the failures belong to (an issue merged into another is reported as that one). */
  issue: IssueRef | null;
  failureClass: string;
  count: number;
  jobs: JobRef[];
  /** First seen this day. */
  isNew: boolean;
  /** Regressed this day. */
  regressed: boolean;
};

export type WaitingJob = JobRef & { message: string };

export type OpenIssue = IssueRef & { lastSeenAt: string; assignee: string | null; events: number };

export type Spend = {
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  usageEvents: number;
  /** Usage events with neither a reported cost nor a price: their cost is unknown, not zero. */
  unpricedEvents: number;
  /** Totals over the 7 days before (divide by 7 for the daily average). */
  prior: { costUsd: number; tokens: number; usageEvents: number };
};

export type Counts = { succeeded: number; failed: number; cancelled: number };

export type AgentFacts = {
  name: string;
  role: string | null;
  counts: Counts;
  done: DoneJob[];
  failures: FailureGroup[];
  /** Failure groups beyond LIMITS.failureGroups. */
  moreFailureGroups: number;
  stalled: JobRef[];
  waitingJobs: WaitingJob[];
  /** The agent's last heartbeat of the day said "waiting". */
  waitingHeartbeat: { since: string; job: JobRef | null } | null;
  /** Open issues this agent hit in the 7 days before that it did not hit this day. */
  openIssues: OpenIssue[];
  spend: Spend | null;
  queued: JobRef[];
  queuedCount: number;
};

export type DayFacts = {
  project: { slug: string; name: string; timezone: string };
  day: string;
  /** UTC bounds of the local day. */
  start: string;
  end: string;
  generatedAt: string;
  /** Set when the standup is for one agent. */
  agent: string | null;
  fleet: {
    counts: Counts;
    activeAgents: number;
    spend: Spend | null;
    classes: { failureClass: string; count: number }[];
    newIssues: IssueRef[];
    newIssueCount: number;
    regressedIssues: IssueRef[];
    regressedIssueCount: number;
  };
  agents: AgentFacts[];
  /** Active agents beyond LIMITS.agents. */
  moreAgents: number;
  quiet: string[];
  quietCount: number;
};
