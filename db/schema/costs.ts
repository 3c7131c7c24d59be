// Model prices, hourly usage rollups and budgets.
import {
  bigint,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
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
    effectiveFrom: date("effective_from").notNull(),
    source: text("source").notNull(),
  },
  (t) => [index("model_price_model_idx").on(t.model, t.effectiveFrom)],
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
    costUsd: numeric("cost_usd", { precision: 16, scale: 8 }).notNull().default("0"),
    unpricedEvents: integer("unpriced_events").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.agentName, t.model, t.harness] })],
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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("budget_project_idx").on(t.projectId)],
);
