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
import { apiKey, project } from "./projects";

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
    trigger: text("trigger"),
    parentExternalId: text("parent_external_id"),
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
    index("job_issue_idx").on(t.failureIssueId, t.endedAt.desc()),
    index("job_project_failure_class_idx").on(t.projectId, t.endedAt, t.failureClass),
  ],
);

/** Every fact a runner reported, as received (after redaction). Append-only; the source of truth. */
export const event = pgTable(
  "event",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    type: text("type").notNull(),
    time: timestamp("time", { withTimezone: true }).notNull(),
    jobExternalId: text("job_external_id"),
    agentName: text("agent_name"),
    seq: bigint("seq", { mode: "number" }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    apiKeyId: uuid("api_key_id").references(() => apiKey.id, { onDelete: "set null" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index("event_project_job_idx").on(t.projectId, t.jobExternalId, t.time, t.seq),
    index("event_project_time_idx").on(t.projectId, t.time),
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

/** A job's transcript, one row per entry, ordered by (time, seq, event id). */
export const transcriptEntry = pgTable(
  "transcript_entry",
  {
    projectId: uuid("project_id").notNull(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => job.id, { onDelete: "cascade" }),
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
    primaryKey({ columns: [t.projectId, t.eventId] }),
    index("transcript_job_order_idx").on(t.jobId, t.time, t.seq, t.eventId),
    index("transcript_job_call_idx").on(t.jobId, t.callId),
    // Full-text search across transcripts (first 10,000 characters of each entry).
    index("transcript_text_search_idx").using(
      "gin",
      sql`to_tsvector('simple', left(coalesce(${t.text}, ''), 10000))`,
    ),
  ],
);
