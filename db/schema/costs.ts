// Model prices, hourly usage rollups and budgets.
import {
  bigint,
  date,
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

/** USD per million tokens, effective from a date. The newest row at or before a usage's time applies. */
export const modelPrice = pgTable(
  "model_price",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    /** Regular expression matched against the reported model name (dated, provider-prefixed variants). */
    pattern: text("pattern").notNull(),
    input: numeric("input", { precision: 12, scale: 6 }).notNull(),
    output: numeric("output", { precision: 12, scale: 6 }).notNull(),
    cacheRead: numeric("cache_read", { precision: 12, scale: 6 }),
    cacheWrite5m: numeric("cache_write_5m", { precision: 12, scale: 6 }),
    cacheWrite1h: numeric("cache_write_1h", { precision: 12, scale: 6 }),
    /** Prompt size above which the long-context prices apply. */
    longContextThreshold: integer("long_context_threshold"),
    longInput: numeric("long_input", { precision: 12, scale: 6 }),
    longOutput: numeric("long_output", { precision: 12, scale: 6 }),
    longCacheRead: numeric("long_cache_read", { precision: 12, scale: 6 }),
    longCacheWrite5m: numeric("long_cache_write_5m", { precision: 12, scale: 6 }),
    longCacheWrite1h: numeric("long_cache_write_1h", { precision: 12, scale: 6 }),
    effectiveFrom: date("effective_from").notNull(),
    source: text("source").notNull(),
    /** bundled (from lib/costs/prices.json) | admin (edited in Settings). */
    origin: text("origin").notNull().default("bundled"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("model_price_model_from_uq").on(t.model, t.effectiveFrom)],
);

/** Cost and token totals per hour x project x agent x model x harness, maintained on write. */
export const usageHourly = pgTable(
  "usage_hourly",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    agentName: text("agent_name").notNull().default(""),
    model: text("model").notNull().default(""),
    harness: text("harness").notNull().default(""),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    cacheReadTokens: bigint("cache_read_tokens", { mode: "number" }).notNull().default(0),
    cacheWriteTokens: bigint("cache_write_tokens", { mode: "number" }).notNull().default(0),
    /** What the usage cost: the runner's cost_usd when reported, else computed from the price table. */
    costUsd: numeric("cost_usd", { precision: 16, scale: 8 }).notNull().default("0"),
    /** Sum of cost_usd as reported by runners (events that reported one). */
    reportedCostUsd: numeric("reported_cost_usd", { precision: 16, scale: 8 }).notNull().default("0"),
    /** Sum of the price table's cost (events whose model has a price). */
    computedCostUsd: numeric("computed_cost_usd", { precision: 16, scale: 8 }).notNull().default("0"),
    usageEvents: integer("usage_events").notNull().default(0),
    /** Usage events with neither a reported cost nor a price: their cost is unknown, not zero. */
    unpricedEvents: integer("unpriced_events").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.agentName, t.model, t.harness] })],
);

/** Per-job usage per hour and model: what a job contributed to usage_hourly (re-keying, re-pricing). */
export const jobUsage = pgTable(
  "job_usage",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    jobId: uuid("job_id").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    model: text("model").notNull(),
    /** The usage_hourly key this row is counted under (the job's agent and harness when last written). */
    agentName: text("agent_name").notNull().default(""),
    harness: text("harness").notNull().default(""),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    cacheReadTokens: bigint("cache_read_tokens", { mode: "number" }).notNull().default(0),
    cacheWriteTokens: bigint("cache_write_tokens", { mode: "number" }).notNull().default(0),
    costUsd: numeric("cost_usd", { precision: 16, scale: 8 }).notNull().default("0"),
    reportedCostUsd: numeric("reported_cost_usd", { precision: 16, scale: 8 }).notNull().default("0"),
    computedCostUsd: numeric("computed_cost_usd", { precision: 16, scale: 8 }).notNull().default("0"),
    usageEvents: integer("usage_events").notNull().default(0),
    unpricedEvents: integer("unpriced_events").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.hour, t.model] }),
    index("job_usage_project_hour_idx").on(t.projectId, t.hour),
  ],
);

export const budget = pgTable(
  "budget",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    /** project | agent | model */
    scope: text("scope").notNull(),
    target: text("target"),
    /** daily | monthly */
    period: text("period").notNull(),
    amountUsd: numeric("amount_usd", { precision: 12, scale: 2 }).notNull(),
    warnPercent: integer("warn_percent").notNull().default(80),
    name: text("name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("budget_project_idx").on(t.projectId)],
);

/**
 * Facts the console raises for notification (budget crossings now; alert rules later). A dedupe key makes
 * each one recorded once however many instances or checks see it.
 */
export const alertEvent = pgTable(
  "alert_event",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    /** budget.warning | budget.exceeded | ... */
    kind: text("kind").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    subject: text("subject").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set by the notifier once delivered (alerting issue). */
    notifiedAt: timestamp("notified_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alert_event_dedupe_uq").on(t.projectId, t.dedupeKey),
    index("alert_event_project_time_idx").on(t.projectId, t.occurredAt),
  ],
);
