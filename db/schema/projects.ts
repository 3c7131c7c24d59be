// Projects (a fleet or environment), the API keys that belong to them, and instance-wide settings.
import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";

export const project = pgTable("project", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** IANA zone used for day boundaries (standups, daily budgets). */
  timezone: text("timezone").notNull().default("UTC"),
  /** A running job with no event for this long is "stalled". */
  stallAfterSeconds: integer("stall_after_seconds").notNull().default(900),
  /** An agent with no heartbeat or event for this long is "offline". */
  offlineAfterSeconds: integer("offline_after_seconds").notNull().default(1800),
  /** Local time of day (HH:MM, project time zone) the fleet standup is delivered; null: no delivery. */
  standupTime: text("standup_time"),
  /** Days raw events and transcript entries are kept (whole UTC days are dropped past it). */
  rawRetentionDays: integer("raw_retention_days").notNull().default(90),
  /** Days jobs, failure issues (not seen within it) and rollups are kept. */
  jobRetentionDays: integer("job_retention_days").notNull().default(400),
  /** Raw events and transcript entries before this time were removed by retention (null: none yet). */
  rawEventsRemovedBefore: timestamp("raw_events_removed_before", { withTimezone: true }),
  /** When retention last removed raw events (the job page says when a transcript went). */
  rawEventsRemovedAt: timestamp("raw_events_removed_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  /** Set when an admin deletes the project: it disappears at once, its data is removed in the background. */
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});

/** config: alert rules, escalation policies, silences and destinations through the API (scopes is a text[]). */
export const API_KEY_SCOPES = ["ingest", "read", "triage", "config"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const apiKey = pgTable(
  "api_key",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the key, shown in lists so a key can be recognised. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key (keys are 190 random bits, so a fast hash is enough). */
    hash: text("hash").notNull().unique(),
    scopes: text("scopes").array().notNull().$type<ApiKeyScope[]>(),
    /** HMAC secret for Fleetwatch-Signature; when set, every request must be signed. */
    signingSecret: text("signing_secret"),
    /** Requests per minute; null uses the instance default. */
    rateLimitPerMinute: integer("rate_limit_per_minute"),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_key_project_idx").on(t.projectId)],
);

/** Fixed-window request counters per key, shared by every app instance. */
export const rateLimitWindow = pgTable(
  "rate_limit_window",
  {
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKey.id, { onDelete: "cascade" }),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.windowStart] })],
);

/** Instance-wide settings (generated auth secret, schedules). */
export const instanceSetting = pgTable("instance_setting", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
});
