// Job outcome rollups: what the dashboards count per hour instead of reading every job of a long range.
import { bigint, integer, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { project } from "./projects";

/**
 * Jobs per project x UTC hour of their start (job.sort_at) x status x failure class ('' when none), with their
 * cost. Maintained by statement triggers on job (migration 0010: new rows added, old rows subtracted, in the
 * transaction that writes the job), so it stays exact whatever order events arrive in and when a job changes
 * status; lib/rollups/job-outcomes.ts rebuilds it from job for repair and bulk loads.
 */
export const jobOutcomeHourly = pgTable(
  "job_outcome_hourly",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    status: text("status").notNull(),
    failureClass: text("failure_class").notNull().default(""),
    jobs: integer("jobs").notNull().default(0),
    /** Sum of job.cost_usd (exact numeric: no precision limit, a sum of many jobs cannot overflow it). */
    costUsd: numeric("cost_usd").notNull().default("0"),
    /** Jobs with a cost (job.cost_usd not null): a sum over none is "no cost", not $0. */
    costJobs: integer("cost_jobs").notNull().default(0),
    /** Jobs with usage that had neither a reported cost nor a price. */
    unpricedJobs: integer("unpriced_jobs").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.status, t.failureClass] })],
);

/**
 * usage_hourly summed per UTC day (same key otherwise), so a month of spend is ~30 rows per agent x model x
 * harness instead of ~720. Maintained by statement triggers on usage_hourly (migration 0010: every write to
 * usage_hourly, from ingest, re-keying or re-pricing, adds its delta here in the same transaction). Numeric
 * measures: a day's total cannot overflow where an hour's saturates.
 */
export const usageDaily = pgTable(
  "usage_daily",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    /** UTC midnight of the day. */
    day: timestamp("day", { withTimezone: true }).notNull(),
    agentName: text("agent_name").notNull().default(""),
    model: text("model").notNull().default(""),
    harness: text("harness").notNull().default(""),
    inputTokens: numeric("input_tokens").notNull().default("0"),
    outputTokens: numeric("output_tokens").notNull().default("0"),
    cacheReadTokens: numeric("cache_read_tokens").notNull().default("0"),
    cacheWriteTokens: numeric("cache_write_tokens").notNull().default("0"),
    costUsd: numeric("cost_usd").notNull().default("0"),
    reportedCostUsd: numeric("reported_cost_usd").notNull().default("0"),
    computedCostUsd: numeric("computed_cost_usd").notNull().default("0"),
    usageEvents: bigint("usage_events", { mode: "number" }).notNull().default(0),
    unpricedEvents: bigint("unpriced_events", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day, t.agentName, t.model, t.harness] })],
);

/**
 * Jobs per project x UTC hour of their start (job.sort_at) x label key (the keys of job.labels when it is an
 * object). The Models page's compare form lists the label keys seen in a range: the whole hours from here
 * (key present when jobs > 0), the partial hours at the edges from job. Maintained by statement triggers on job
 * like job_outcome_hourly (new rows added, old rows subtracted, same transaction), so it stays exact whatever
 * order events arrive in; lib/rollups/label-keys.ts rebuilds it from job.
 */
export const jobLabelKeyHourly = pgTable(
  "job_label_key_hourly",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    key: text("key").notNull(),
    jobs: integer("jobs").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.key] })],
);
