// Schedules (cron monitors for agents): the ones declared in Settings, and the per-slot record the alert
// evaluator keeps so a missed or failed slot alerts once per rule. Runner-declared schedules have no row: they
// are read from the jobs' trigger columns (job.trigger_name / trigger_schedule / trigger_tz).
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { alertRule } from "./alerts";
import { user } from "./auth";
import { project } from "./projects";

/**
 * A schedule declared in Settings. Its name is its identity within the project, the same identity a runner's
 * trigger {kind: "cron", name} gives: a job whose trigger name equals it belongs to it (and, when agent_name is
 * set, a job of that agent that names no schedule). Its cron and time zone win over what runners report.
 */
export const schedule = pgTable(
  "schedule",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** A cron expression croner accepts (5 or 6 fields, or @daily...). */
    cron: text("cron").notNull(),
    /** IANA time zone the cron expression is read in. */
    timezone: text("timezone").notNull().default("UTC"),
    agentName: text("agent_name"),
    /** How late a run may start and still be on time; null: 10% of the slot's interval, at most 10 minutes. */
    graceSeconds: integer("grace_seconds"),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("schedule_project_name_uq").on(t.projectId, t.name)],
);

/**
 * One row per alert rule and schedule slot the rule has alerted on (missed or failed): the evaluator inserts it
 * with ON CONFLICT DO NOTHING in the tick's transaction and only a slot whose row it inserted opens an
 * incident, so a slot alerts exactly once per rule however many ticks or instances see it.
 */
export const scheduleSlotAlert = pgTable(
  "schedule_slot_alert",
  {
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRule.id, { onDelete: "cascade" }),
    /** The schedule's identity: its name, or its cron expression when runners give none. */
    scheduleKey: text("schedule_key").notNull(),
    slotAt: timestamp("slot_at", { withTimezone: true }).notNull(),
    /** missed | failed: the outcome it alerted on. */
    outcome: text("outcome").notNull(),
    alertedAt: timestamp("alerted_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ruleId, t.scheduleKey, t.slotAt] }),
    index("schedule_slot_alert_alerted_idx").on(t.ruleId, t.alertedAt),
  ],
);
