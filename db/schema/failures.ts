// Failure taxonomy rules, failure issues (groups of failures by fingerprint) and their triage history.
import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { project } from "./projects";

/** Classification rule; project_id null = built-in rule shared by every project. Lower priority runs first. */
export const failureRule = pgTable(
  "failure_rule",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").references(() => project.id, { onDelete: "cascade" }),
    priority: integer("priority").notNull(),
    failureClass: text("failure_class").notNull(),
    name: text("name").notNull(),
    errorType: text("error_type"),
    code: text("code"),
    exitCode: integer("exit_code"),
    messagePattern: text("message_pattern"),
    tool: text("tool"),
    harness: text("harness"),
    model: text("model"),
    enabled: boolean("enabled").notNull().default(true),
    builtIn: boolean("built_in").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("failure_rule_project_priority_idx").on(t.projectId, t.priority)],
);

export const ISSUE_STATES = ["new", "ongoing", "resolved", "regressed", "ignored"] as const;
export type IssueState = (typeof ISSUE_STATES)[number];

export const failureIssue = pgTable(
  "failure_issue",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    fingerprint: text("fingerprint").notNull(),
    failureClass: text("failure_class").notNull(),
    title: text("title").notNull(),
    tool: text("tool"),
    sampleMessage: text("sample_message"),
    state: text("state").$type<IssueState>().notNull().default("new"),
    /** resolved: {inRelease?, inVersion?}; ignored: {untilCount?, untilDate?}. */
    stateDetail: jsonb("state_detail").$type<Record<string, unknown>>(),
    /** When it was resolved: failures that happened before do not regress it. */
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /** Ignored until this many events in all (event_count reaches it), or until this time. */
    ignoredUntilCount: integer("ignored_until_count"),
    ignoredUntil: timestamp("ignored_until", { withTimezone: true }),
    /** Agents, models and harnesses seen failing with this issue (bounded lists). */
    agents: text("agents").array().notNull().default(sql`'{}'::text[]`),
    models: text("models").array().notNull().default(sql`'{}'::text[]`),
    harnesses: text("harnesses").array().notNull().default(sql`'{}'::text[]`),
    assigneeId: text("assignee_id").references(() => user.id, { onDelete: "set null" }),
    mergedIntoId: uuid("merged_into_id"),
    eventCount: integer("event_count").notNull().default(0),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("failure_issue_fingerprint_uq").on(t.projectId, t.fingerprint),
    index("failure_issue_project_last_seen_idx").on(t.projectId, t.lastSeenAt.desc()),
    index("failure_issue_project_state_idx").on(t.projectId, t.state, t.lastSeenAt.desc()),
  ],
);

/** Every triage change and note on an issue, with who and when. */
export const issueActivity = pgTable(
  "issue_activity",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => failureIssue.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => user.id, { onDelete: "set null" }),
    /** state_change | assign | note | merge | unmerge | regression */
    kind: text("kind").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("issue_activity_issue_idx").on(t.issueId, t.createdAt)],
);

/** The issue id of failed jobs that have none yet (a key column cannot be null). */
export const NO_ISSUE = "00000000-0000-0000-0000-000000000000";

/**
 * Failed jobs per UTC day (of ended_at), issue and class ('' for none): the failures page's chart and breakdown
 * over full days, so long ranges cost days x issues, not jobs. Maintained by statement triggers on job
 * (migration 0010: every insert, update and delete of jobs moves their contributions in the same transaction,
 * whatever code path changed them); rebuilt by lib/rollups/failure-daily.ts. Model, harness and agent filters read
 * job instead: keyed by them too, a day would hold about as many rows as it has failed jobs.
 */
export const failureDaily = pgTable(
  "failure_daily",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    issueId: uuid("issue_id").notNull(),
    failureClass: text("failure_class").notNull(),
    failures: integer("failures").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day, t.issueId, t.failureClass] })],
);
