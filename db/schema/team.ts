// The team around the console: invite and password-reset links, per-project access, and the audit log.
import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { project } from "./projects";

export const MEMBER_LINK_KINDS = ["invite", "reset"] as const;
export type MemberLinkKind = (typeof MEMBER_LINK_KINDS)[number];

/**
 * A single-use link sent to a person: an invite (creates an account with `role`) or a password reset (for
 * `userId`). Only the SHA-256 of the token is stored; the token itself is shown once to the admin (and mailed).
 */
export const memberLink = pgTable(
  "member_link",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull().$type<MemberLinkKind>(),
    /** The invitee's address (invite) or the account's address at the time (reset), lower-cased. */
    email: text("email").notNull(),
    /** Role the invitee gets (invite only). */
    role: text("role"),
    /** Projects an invited member or viewer is limited to; null: all projects. */
    projectIds: uuid("project_ids").array(),
    /** The account a reset link is for. */
    userId: text("user_id").references(() => user.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("member_link_email_idx").on(t.email)],
);

/** The projects a member or viewer with all_projects = false may see. */
export const projectAccess = pgTable(
  "project_access",
  {
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.projectId] }),
    index("project_access_project_idx").on(t.projectId),
  ],
);

export const AUDIT_ACTOR_TYPES = ["user", "key", "system"] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/**
 * Every change made by a person or a key. Append-only: a trigger (migration 0005) refuses UPDATE and DELETE, so
 * no code path of the app can edit or remove an entry. No foreign keys: an entry outlives its actor and object.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().default(sql`now()`),
    actorType: text("actor_type").notNull().$type<AuditActorType>(),
    /** user id, api key id, or the system job's name. */
    actorId: text("actor_id"),
    /** The actor as shown at the time (a user's email, a key's name and prefix). */
    actorLabel: text("actor_label").notNull(),
    projectId: uuid("project_id"),
    /** Dotted verb, e.g. member.invite, member.role, key.create, issue.resolve, price.update. */
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id"),
    objectLabel: text("object_label"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_idx").on(t.actorId, t.at),
    index("audit_log_action_idx").on(t.action, t.at),
    index("audit_log_object_idx").on(t.objectType, t.objectId),
  ],
);
