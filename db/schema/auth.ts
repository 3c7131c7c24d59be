// Tables owned by better-auth (drizzle adapter; column names follow its default model), and the sign-in throttle.
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const user = pgTable(
  "user",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull().unique(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    /** owner | admin | member | viewer (lib/auth/roles.ts). */
    role: text("role").notNull().default("member"),
    /** true on the one account the setup page created (the first admin); null on every other account. */
    setupAdmin: boolean("setup_admin"),
    /** false: a member or viewer sees only the projects listed in project_access (owners and admins see all). */
    allProjects: boolean("all_projects").notNull().default(true),
    /** Set when an admin deactivates the account: no sign-in, sessions ended. Cleared on reactivation. */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    /**
     * Set when an admin removes the member. The row stays so triage history, notes and audit entries keep their
     * author; the email is freed (rewritten) and credentials and sessions are deleted.
     */
    removedAt: timestamp("removed_at", { withTimezone: true }),
    /** Last request seen with a session of this user (updated at most once a minute). */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // At most one setup admin, enforced by PostgreSQL: of concurrent first sign-ups that all saw an empty user
  // table, the first insert wins and every other one fails on this index (it waits for the winner's commit).
  (t) => [uniqueIndex("user_setup_admin_uq").on(t.setupAdmin).where(sql`${t.setupAdmin}`)],
);

export const session = pgTable(
  "session",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    token: text("token").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

export const account = pgTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("account_user_idx").on(t.userId)],
);

export const verification = pgTable("verification", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Failed sign-ins per key (an account's email or a client address, hashed), in a fixed window. In PostgreSQL so
 * every instance of the console counts against the same numbers (lib/auth/throttle.ts).
 */
export const loginThrottle = pgTable(
  "login_throttle",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_throttle_window_idx").on(t.windowStartedAt)],
);
