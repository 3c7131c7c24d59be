// Shapes of the agents read API and pages, shared by the routes, the OpenAPI document and the UI.
import { z } from "zod";
import { jobSummarySchema } from "@/lib/jobs/schemas";
import { AGENT_STATUSES, attentionRank, type DerivedStatus } from "./status";

const iso = z.string().describe("RFC 3339 time");

export const AGENTS_LIMIT = 500;

export const agentsQuerySchema = z.object({
  project: z.string().optional().describe("Project slug (session auth only; a key is bound to its project)"),
  status: z.enum(AGENT_STATUSES).optional().describe("Only agents with this live status"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(AGENTS_LIMIT)
    .describe(
      "The most recently active agents to show, plus up to as many agents with a running job (so a lost job is never left out)",
    ),
});
export type AgentsQuery = z.infer<typeof agentsQuerySchema>;

export const agentLiveSchema = z.object({
  name: z.string(),
  status: z
    .enum(AGENT_STATUSES)
    .describe(
      "Liveness: running, waiting, idle, or offline (silent). A stalled job is a job's state, counted in stalled_jobs",
    ),
  offline_with_job: z.boolean().describe("Offline while one of its jobs is still running"),
  failing: z.boolean().describe("Failed at least 3 jobs today, and at least half of the ones that ended"),
  attention: z
    .number()
    .int()
    .describe("0 needs attention most (alive with a stalled job) … 6 least (offline without a job)"),
  quiet_seconds: z
    .number()
    .describe("Seconds since the agent's last event (offline) or its quietest stalled job's; else 0"),
  heartbeat_status: z.string().nullable().describe("What the last heartbeat said: idle, busy or waiting"),
  current_job: z
    .object({
      id: z.string().nullable().describe("Fleetwatch's job id; null when only a heartbeat named the job"),
      external_id: z.string(),
      title: z.string().nullable(),
      since: iso.describe("When the job started"),
      last_event_at: iso.nullable(),
    })
    .nullable(),
  running_jobs: z.number().int().describe("Jobs of the agent that are running (stalled ones included)"),
  stalled_jobs: z
    .number()
    .int()
    .describe("Running jobs with no event for longer than the stall time (the agent itself may be alive)"),
  role: z.string().nullable(),
  host: z.string().nullable(),
  version: z.string().nullable(),
  first_seen_at: iso,
  last_heartbeat_at: iso.nullable(),
  last_event_at: iso.describe("The latest event of the agent or of one of its jobs"),
  today: z.object({
    jobs: z.number().int().describe("Jobs started today (project time zone)"),
    succeeded: z.number().int(),
    failed: z.number().int(),
    success_rate: z.number().nullable().describe("succeeded / (succeeded + failed); null before any ended"),
    spend_usd: z.number().nullable().describe("Cost of today's usage; null when it used nothing today"),
  }),
});
export type AgentLive = z.infer<typeof agentLiveSchema>;

export const agentsPageSchema = z.object({
  agents: z.array(agentLiveSchema).describe("Sorted by what needs attention first"),
  counts: z.record(z.enum(AGENT_STATUSES), z.number().int()).describe("Agents shown per status"),
  with_stalled_jobs: z.number().int().describe("Agents shown with at least one stalled job"),
  total: z.number().int().describe("Agents in the project"),
  truncated: z.boolean().describe("More agents exist than the limit; the quietest were left out"),
  now: iso.describe("The server time the statuses were derived at"),
  day_start: iso.describe("Start of today in the project's time zone"),
  settings: z.object({
    timezone: z.string(),
    stall_after_seconds: z.number().int(),
    offline_after_seconds: z.number().int(),
  }),
});
export type AgentsPage = z.infer<typeof agentsPageSchema>;

export const RECENT_JOBS = 20;

export const agentDetailSchema = z.object({
  agent: agentLiveSchema,
  recent_jobs: z.array(jobSummarySchema).describe(`The agent's latest ${RECENT_JOBS} jobs, newest first`),
  stalled: z
    .array(jobSummarySchema)
    .describe(
      `Its stalled jobs (running, silent past the stall time), quietest first, at most ${RECENT_JOBS}`,
    ),
  now: iso,
  day_start: iso,
  settings: agentsPageSchema.shape.settings,
});
export type AgentDetail = z.infer<typeof agentDetailSchema>;

export type Settings = { timezone: string; stallAfterSeconds: number; offlineAfterSeconds: number };

/** The API fields of a derived status. */
export function statusFields(s: DerivedStatus) {
  const j = s.currentJob;
  return {
    status: s.status,
    offline_with_job: s.offlineWithJob,
    failing: s.failing,
    attention: attentionRank(s),
    stalled_jobs: s.stalledJobs,
    quiet_seconds: Math.round(s.quietMs / 1000),
    current_job: j
      ? {
          id: j.id,
          external_id: j.externalId,
          title: j.title,
          since: j.since.toISOString(),
          last_event_at: j.lastEventAt?.toISOString() ?? null,
        }
      : null,
  };
}

/** The API shape of a project's fleet settings. */
export const settingsOut = (s: Settings) => ({
  timezone: s.timezone,
  stall_after_seconds: s.stallAfterSeconds,
  offline_after_seconds: s.offlineAfterSeconds,
});
