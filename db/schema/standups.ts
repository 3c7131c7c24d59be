// Standup delivery: outbound webhooks, one claimed run per project and day, and each delivery attempt.
import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { project } from "./projects";

/** Where the fleet standup (and later alerts) is posted: Slack-compatible JSON, HMAC-signed. */
export const outboundWebhook = pgTable(
  "outbound_webhook",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    url: text("url").notNull(),
    /** HMAC-SHA256 secret for the Fleetwatch-Signature header. */
    secret: text("secret").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbound_webhook_project_idx").on(t.projectId)],
);

/** One scheduled standup run per project and day; the instance whose insert wins sends it. */
export const standupRun = pgTable(
  "standup_run",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    /** The standup's day (project time zone). */
    day: date("day").notNull(),
    claimedBy: text("claimed_by").notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** sending | sent | failed */
    status: text("status").notNull().default("sending"),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day] })],
);

export const webhookDelivery = pgTable(
  "webhook_delivery",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => outboundWebhook.id, { onDelete: "cascade" }),
    /** standup | test */
    kind: text("kind").notNull(),
    day: date("day"),
    /** pending | delivered | failed */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [index("webhook_delivery_webhook_idx").on(t.webhookId, t.createdAt)],
);
