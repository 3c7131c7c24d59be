// The fleet: agents, jobs, the immutable event log and the transcript projection.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { project } from "./projects";

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const agent = pgTable(
  "agent",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role"),
    /** Last heartbeat status: idle | busy | waiting. */
    status: text("status"),
    host: text("host"),
    version: text("version"),
    currentJobExternalId: text("current_job_external_id"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    lastHeartbeatAt: timestamp("last_heartbeat_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("agent_project_name_uq").on(t.projectId, t.name)],
);

export type JobError = { type?: string; message: string; code?: string; exit_code?: number; stack?: string };
export type JobArtifact = { kind: "pr" | "commit" | "file" | "url"; url?: string; title?: string };

export const job = pgTable(
  "job",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    /** The runner's job id, unique within the project. */
    externalId: text("external_id").notNull(),
    agentName: text("agent_name"),
    title: text("title"),
    status: text("status").$type<JobStatus>().notNull().default("queued"),
    harness: text("harness"),
    harnessVersion: text("harness_version"),
    model: text("model"),
    /** How the job was started: cron | chat | webhook | manual | api | pipeline, or a runner's own word. */
    trigger: text("trigger"),
    /** trigger.name / trigger.schedule (a cron expression) / trigger.tz / trigger.by of job.queued/started. */
    triggerName: text("trigger_name"),
    triggerSchedule: text("trigger_schedule"),
    triggerTz: text("trigger_tz"),
    triggerBy: text("trigger_by"),
    parentExternalId: text("parent_external_id"),
    /** The run this job belongs to as the runner said it (root_job); absent: the root of the parent chain. */
    rootExternalId: text("root_external_id"),
    /** The job this one retries (retry_of). */
    retryOfExternalId: text("retry_of_external_id"),
    /** The job's role in its run: "write", "review:gpt-5", "fix". */
    step: text("step"),
    repo: text("repo"),
    branch: text("branch"),
    labels: jsonb("labels").$type<Record<string, string> | string[]>(),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    durationMs: bigint("duration_ms", { mode: "number" }).generatedAlwaysAs(
      sql`(extract(epoch from (ended_at - started_at)) * 1000)::bigint`,
    ),
    firstEventAt: timestamp("first_event_at", { withTimezone: true }).notNull(),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }).notNull(),
    /**
     * The UTC hour of last_event_at: what the indexes on a job's activity hold, so that an event that moves
     * last_event_at within the hour changes no indexed column and PostgreSQL updates the row in place (a HOT
     * update: no entry in any of job's indexes), as it does for most of a running job's events (migration 0017).
     */
    lastEventHour: timestamp("last_event_hour", { withTimezone: true }).generatedAlwaysAs(
      // (date_trunc's form with a zone is not immutable before PostgreSQL 16; date_bin is, and bins by UTC hour)
      sql`date_bin('1 hour', last_event_at, '2000-01-01 00:00:00+00')`,
    ),
    /** Ordering key of lists: started, else queued, else first event. */
    sortAt: timestamp("sort_at", { withTimezone: true }).generatedAlwaysAs(
      sql`coalesce(started_at, queued_at, first_event_at)`,
    ),
    summary: text("summary"),
    score: numeric("score"),
    artifacts: jsonb("artifacts").$type<JobArtifact[]>(),
    error: jsonb("error").$type<JobError>(),
    retryable: boolean("retryable"),
    cancelReason: text("cancel_reason"),
    failureClass: text("failure_class"),
    failureIssueId: uuid("failure_issue_id"),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    cacheReadTokens: bigint("cache_read_tokens", { mode: "number" }).notNull().default(0),
    cacheWriteTokens: bigint("cache_write_tokens", { mode: "number" }).notNull().default(0),
    /** Sum of cost_usd reported by the runner. */
    reportedCostUsd: numeric("reported_cost_usd", { precision: 16, scale: 8 }),
    /** Cost computed from the price table. */
    computedCostUsd: numeric("computed_cost_usd", { precision: 16, scale: 8 }),
    /** What the job cost: per usage event the reported cost when given, else the computed one. */
    costUsd: numeric("cost_usd", { precision: 16, scale: 8 }),
    /** Usage events with neither a reported cost nor a price. */
    unpricedUsageEvents: integer("unpriced_usage_events").notNull().default(0),
    eventCount: integer("event_count").notNull().default(0),
    redactionCount: integer("redaction_count").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("job_project_external_uq").on(t.projectId, t.externalId),
    index("job_project_sort_idx").on(t.projectId, t.sortAt.desc(), t.id.desc()),
    index("job_project_status_sort_idx").on(t.projectId, t.status, t.sortAt.desc()),
    index("job_project_agent_sort_idx").on(t.projectId, t.agentName, t.sortAt.desc()),
    index("job_project_model_sort_idx").on(t.projectId, t.model, t.sortAt.desc()),
    // Not declarable here (drizzle has no INCLUDE): migration 0010 creates job_project_sort_figures_idx on
    // (project_id, sort_at) INCLUDE the columns the Models page aggregates, read from the index alone.
    // When an agent was last heard of through its jobs (lib/overview/attention.ts agentActivity): one probe per
    // agent for its latest hour, then that hour's jobs, instead of every job the agent ever ran.
    index("job_project_agent_last_event_hour_idx").on(t.projectId, t.agentName, t.lastEventHour),
    index("job_issue_idx").on(t.failureIssueId, t.endedAt.desc()),
    index("job_project_failure_class_idx").on(t.projectId, t.endedAt, t.failureClass),
    // Failed jobs by end time with what the failure pages group and filter by: their counts over a range are
    // index-only scans of that range (not every failed job, nor every job of the project); also the Overview's
    // failure series by the hour they ended.
    // Costs (lib/costs/queries.ts costJobsReport): the costliest jobs of a range walk the jobs by cost; the per
    // model and per agent outcomes read job_project_sort_costs_idx, (project_id, sort_at) INCLUDE the columns
    // they aggregate, hand-written in migration 0013 (drizzle has no INCLUDE).
    index("job_project_cost_top_idx")
      .on(t.projectId, t.costUsd.desc().nullsLast(), t.sortAt.desc())
      .where(sql`${t.costUsd} is not null`),
    index("job_project_failed_ended_idx")
      .on(t.projectId, t.endedAt, t.failureClass, t.agentName, t.model, t.harness, t.failureIssueId)
      .where(sql`${t.status} = 'failed'`),
    // A standup's Done lines (lib/standups/facts-queries.ts doneJobs): each agent's first succeeded jobs of a day
    // by end time, read from the agent's range ("" is the jobs without an agent, hence the coalesce).
    index("job_project_done_agent_idx")
      .on(t.projectId, sql`coalesce(${t.agentName}, '')`, t.endedAt, t.id)
      .where(sql`${t.status} = 'succeeded'`),
    // The jobs list's range is "active since" (last event): its first page and its capped count read the range
    // (from the start of its first hour).
    index("job_project_last_event_hour_idx").on(t.projectId, t.lastEventHour),
    // The jobs list's filter menus: distinct values by skip scans (lib/jobs/facets.ts), one probe per value.
    index("job_project_harness_idx").on(t.projectId, t.harness),
    index("job_project_trigger_idx").on(t.projectId, t.trigger),
    index("job_project_schedule_name_idx")
      .on(t.projectId, sql`coalesce(${t.triggerName}, ${t.triggerSchedule})`)
      .where(sql`${t.triggerSchedule} is not null`),
    index("job_project_parent_idx")
      .on(t.projectId, t.parentExternalId)
      .where(sql`${t.parentExternalId} is not null`),
    index("job_project_root_idx")
      .on(t.projectId, t.rootExternalId)
      .where(sql`${t.rootExternalId} is not null`),
    index("job_project_retry_of_idx")
      .on(t.projectId, t.retryOfExternalId)
      .where(sql`${t.retryOfExternalId} is not null`),
    index("job_project_step_idx").on(t.projectId, t.step, t.sortAt.desc()).where(sql`${t.step} is not null`),
    index("job_project_schedule_idx")
      .on(t.projectId, t.triggerSchedule, t.sortAt.desc())
      .where(sql`${t.triggerSchedule} is not null`),
  ],
);

/**
 * Every fact a runner reported, as received (after redaction). Append-only; the source of truth.
 * Partitioned (migration 0010, docs/adr/0038-partitioned-events.md): LIST (project_id), each project's table
 * RANGE (time) by UTC day, so retention drops whole days. drizzle describes the columns and indexes only; the
 * partitions are made by fleetwatch_ensure_day() (lib/retention/partitions.ts). The key includes time (a
 * partitioned table's keys must hold its partition columns): uniqueness of (project_id, id) is event_key's.
 */
export const event = pgTable(
  "event",
  {
    // No foreign keys on the partitioned tables: dropping a day that has them locks project, api_key and job in
    // ACCESS EXCLUSIVE mode (their triggers); a project's rows go with its partitions (lib/projects/purge.ts).
    projectId: uuid("project_id").notNull(),
    id: text("id").notNull(),
    type: text("type").notNull(),
    time: timestamp("time", { withTimezone: true }).notNull(),
    jobExternalId: text("job_external_id"),
    agentName: text("agent_name"),
    seq: bigint("seq", { mode: "number" }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    /** The key that sent it (keys are revoked, not deleted; a project's purge drops its events first). */
    apiKeyId: uuid("api_key_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id, t.time] }),
    index("event_project_job_idx").on(t.projectId, t.jobExternalId, t.time, t.seq),
    index("event_project_time_idx").on(t.projectId, t.time),
  ],
);

/**
 * The ledger of stored event ids: one narrow row per event, unique by (project_id, id) across all partitions of
 * event. The append inserts here ON CONFLICT DO NOTHING and stores in event only the rows whose key was new, so a
 * repeat of an id with another time (another partition) is still a duplicate. Retention trims it by time.
 */
export const eventKey = pgTable(
  "event_key",
  {
    projectId: uuid("project_id").notNull(),
    id: text("id").notNull(),
    time: timestamp("time", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index("event_key_project_time_idx").on(t.projectId, t.time),
  ],
);

/**
 * Acknowledged events the projector has yet to fold into jobs, agents, transcripts, issues and rollups
 * (lib/ingest/projector.ts). The ingest route appends an event and its row here in one statement; the projector
 * deletes rows in the transaction that writes their projections, so each event is projected exactly once.
 */
export const eventPending = pgTable(
  "event_pending",
  {
    pos: bigint("pos", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id").notNull(),
    eventId: text("event_id").notNull(),
    /** The event's time: the projector reads the event by (project_id, id, time), one partition. */
    eventTime: timestamp("event_time", { withTimezone: true }).notNull(),
    /** false: imported history (never makes an agent look alive). */
    live: boolean("live").notNull().default(true),
    /** What sanitizeEvent did to the event before storage (the projection counts them; the event row has not). */
    redactions: integer("redactions").notNull().default(0),
    truncatedFrom: integer("truncated_from"),
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when PostgreSQL refused to project this event alone: it is kept out of the queue, and reported. */
    failedAt: timestamp("failed_at", { withTimezone: true }),
    error: text("error"),
  },
  // No foreign key to the partitioned event (it would need the whole key); retention keeps a day with pending
  // rows, and a project's purge removes both.
  (t) => [
    index("event_pending_project_idx").on(t.projectId, t.pos),
    index("event_pending_project_time_idx").on(t.projectId, t.eventTime),
  ],
);

export const TRANSCRIPT_KINDS = [
  "message",
  "thinking",
  "tool_call",
  "tool_result",
  "usage",
  "log",
  "lifecycle",
  "raw",
] as const;
export type TranscriptKind = (typeof TRANSCRIPT_KINDS)[number];

/** A job's transcript, one row per entry, ordered by (time, seq, event id). Partitioned like event (same days). */
export const transcriptEntry = pgTable(
  "transcript_entry",
  {
    projectId: uuid("project_id").notNull(),
    /** The job (no foreign key, as on event: its rows go by day; retention drops them before their job). */
    jobId: uuid("job_id").notNull(),
    eventId: text("event_id").notNull(),
    time: timestamp("time", { withTimezone: true }).notNull(),
    seq: bigint("seq", { mode: "number" }),
    kind: text("kind").$type<TranscriptKind>().notNull(),
    role: text("role"),
    /** Sub-agent branch this entry belongs to (null: the main thread). */
    branch: text("branch"),
    /** The tool call (call_id) that started this entry's sub-agent branch, when known. */
    branchParentCallId: text("branch_parent_call_id"),
    callId: text("call_id"),
    tool: text("tool"),
    isError: boolean("is_error"),
    text: text("text"),
    content: jsonb("content"),
    /** Original size in bytes when the text was truncated. */
    truncatedFrom: integer("truncated_from"),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.eventId, t.time] }),
    index("transcript_job_order_idx").on(t.jobId, t.time, t.seq, t.eventId),
    index("transcript_job_call_idx").on(t.jobId, t.callId),
    // Full-text search across transcripts (first 10,000 characters of each entry).
    index("transcript_text_search_idx").using(
      "gin",
      sql`to_tsvector('simple', left(coalesce(${t.text}, ''), 10000))`,
    ),
  ],
);
