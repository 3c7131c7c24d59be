// Alerting: where notifications go (destinations) and the outbox that sends them exactly once; rules, the
// incidents they open, escalation policies, silences, and the issue events ingest leaves for the evaluator.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { project } from "./projects";

export const DESTINATION_KINDS = ["slack", "webhook", "email", "pagerduty"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/**
 * A place notifications go. config by kind (validated with zod in lib/delivery): slack {url}; webhook {url,
 * secret} (signed Fleetwatch-Signature); email {to: string[]}; pagerduty {routingKey, url?} (Events API v2).
 */
export const destination = pgTable(
  "destination",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").notNull().$type<DestinationKind>(),
    config: jsonb("config").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("destination_project_idx").on(t.projectId)],
);

export const NOTIFICATION_STATUSES = ["pending", "sending", "sent", "failed", "suppressed"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * The outbox: one row per message to one destination, written in the transaction that decided to notify.
 * dedup_key is unique, so a decision taken twice (two instances, a retried tick) enqueues once; senders claim
 * rows with FOR UPDATE SKIP LOCKED and a lease (claimed_until), so each row is sent by one instance.
 * Doubles as the delivery log per destination.
 */
export const notification = pgTable(
  "notification",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    /** The destination; null for a message to a member (escalation step), sent by email to user_id. */
    destinationId: uuid("destination_id").references(() => destination.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => user.id, { onDelete: "cascade" }),
    dedupKey: text("dedup_key").notNull().unique(),
    /** alert.trigger | alert.resolve | alert.acknowledge | alert.escalate | standup | test */
    kind: text("kind").notNull(),
    incidentId: uuid("incident_id").references(() => incident.id, { onDelete: "set null" }),
    /** The message, kind-independent (title, text, severity, links); each sender renders it for its target. */
    payload: jsonb("payload").notNull(),
    status: text("status").notNull().default("pending").$type<NotificationStatus>(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    claimedBy: text("claimed_by"),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    responseStatus: integer("response_status"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("notification_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
    index("notification_destination_idx").on(t.destinationId, t.createdAt),
    index("notification_incident_idx").on(t.incidentId),
  ],
);

export const ALERT_RULE_KINDS = [
  "issue_new",
  "issue_regressed",
  "issue_count",
  "rate",
  "spend_budget",
  "spend_hourly",
  "cost_per_success",
  "agent_offline",
  "job_stalled",
  "agent_quiet",
  "job_duration",
  "schedule_run",
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];
export const SEVERITIES = ["critical", "error", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * A rule: kind + params (thresholds, windows, baseline; zod per kind in lib/alerts), filters (agent, model,
 * harness, failure class, label), group_by (what one incident is per: project, agent, model, harness, issue,
 * job), who hears (an escalation policy, else destination_ids directly).
 */
export const alertRule = pgTable(
  "alert_rule",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").notNull().$type<AlertRuleKind>(),
    params: jsonb("params").notNull().default({}),
    filters: jsonb("filters").notNull().default({}),
    groupBy: text("group_by").notNull().default("project"),
    severity: text("severity").notNull().default("error").$type<Severity>(),
    escalationPolicyId: uuid("escalation_policy_id").references(() => escalationPolicy.id, {
      onDelete: "set null",
    }),
    destinationIds: uuid("destination_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** How long the condition must stay clear before a rate/liveness incident resolves by itself. */
    resolveAfterSeconds: integer("resolve_after_seconds").notNull().default(300),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastEvaluatedAt: timestamp("last_evaluated_at", { withTimezone: true }),
  },
  (t) => [index("alert_rule_project_idx").on(t.projectId)],
);

/**
 * Ordered steps: [{ afterMinutes, destinationIds, memberIds }]; step 0 goes out when the incident opens, step
 * n when it is still unacknowledged afterMinutes after step n-1. repeat: how many times to start over.
 */
export const escalationPolicy = pgTable("escalation_policy", {
  id: uuid("id").primaryKey().defaultRandom(),
  projectId: uuid("project_id")
    .notNull()
    .references(() => project.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  steps: jsonb("steps").notNull(),
  repeat: integer("repeat").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const INCIDENT_STATUSES = ["firing", "acknowledged", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** One per rule and group key while open (a unique partial index); further matches update it. */
export const incident = pgTable(
  "incident",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRule.id, { onDelete: "cascade" }),
    /** e.g. "agent:builder-7", "issue:<id>", "project" */
    groupKey: text("group_key").notNull(),
    status: text("status").notNull().default("firing").$type<IncidentStatus>(),
    severity: text("severity").notNull().$type<Severity>(),
    title: text("title").notNull(),
    summary: text("summary"),
    /** true when a silence covered it as it opened: recorded and shown, not delivered. */
    muted: boolean("muted").notNull().default(false),
    matchCount: integer("match_count").notNull().default(1),
    /** The figures that fired it (value, threshold, baseline) and links (issueIds, jobIds, agent). */
    context: jsonb("context").notNull().default({}),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the condition was first seen clear (null while it holds). */
    clearSince: timestamp("clear_since", { withTimezone: true }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: text("acknowledged_by"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: text("resolved_by"),
    escalationStep: integer("escalation_step").notNull().default(0),
    nextEscalationAt: timestamp("next_escalation_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("incident_open_uq").on(t.ruleId, t.groupKey).where(sql`${t.status} <> 'resolved'`),
    index("incident_project_status_idx").on(t.projectId, t.status, t.lastSeenAt),
  ],
);

/** The incident's timeline: opened, matched, notified, escalated, acknowledged, resolved, muted. */
export const incidentEvent = pgTable(
  "incident_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    type: text("type").notNull(),
    /** user email, key label, or "system" */
    actor: text("actor"),
    detail: jsonb("detail"),
  },
  (t) => [index("incident_event_incident_idx").on(t.incidentId, t.at)],
);

/**
 * Mutes delivery for what it matches (matchers: {ruleId?, agent?, model?, harness?}; empty = whole project)
 * from starts_at to ends_at, or, when cron is set, for duration_minutes from each cron occurrence (croner,
 * project time zone) until ends_at (null: forever).
 */
export const silence = pgTable(
  "silence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    matchers: jsonb("matchers").notNull().default({}),
    reason: text("reason"),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    cron: text("cron"),
    durationMinutes: integer("duration_minutes"),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("silence_project_idx").on(t.projectId)],
);

/**
 * Issue events ingest leaves for the evaluator (new issue, regression, an occurrence), inserted in the ingest
 * transaction; nothing is sent inline. The evaluator consumes and deletes them.
 */
export const alertSignal = pgTable(
  "alert_signal",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: uuid("project_id").notNull(),
    /** issue_new | issue_regressed | issue_event */
    kind: text("kind").notNull(),
    issueId: uuid("issue_id").notNull(),
    jobId: uuid("job_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_signal_id_idx").on(t.projectId, t.id)],
);
