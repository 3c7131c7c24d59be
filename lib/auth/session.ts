// Session helpers for pages, server actions and route handlers.

import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Db, getDb } from "@/db/client";
import { user as userTable } from "@/db/schema";
import { type Capability, can, isAdminRole } from "@/lib/auth/roles";
import { logger } from "@/lib/logger";
import type { UserAccess } from "@/lib/projects/access";
import { countUsers, getAuth } from "./server";

export type SessionUser = { id: string; email: string; name: string; role: string };

/** What one read of the session gives: the user, the session's id, and the account's project scope flag. */
type SessionRead = { user: SessionUser; sessionId: string; allProjects: boolean };

/**
 * The signed-in user and the id of the session the request carries, or null. better-auth's session cookie cache
 * is off (its default; tests/integration/members-manage.test.ts checks), so every call reads the session row and a
 * deleted session signs out at once. A deactivated or removed account gets null even if a session row survived.
 */
export async function getCurrentSession(
  requestHeaders?: Headers,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  const read = await readSession(requestHeaders);
  return read ? { user: read.user, sessionId: read.sessionId } : null;
}

async function readSession(requestHeaders?: Headers): Promise<SessionRead | null> {
  const auth = await getAuth();
  const result = await auth.api.getSession({ headers: requestHeaders ?? (await headers()) });
  if (!result) return null;
  const db = await getDb();
  // one read of the row for the account's state and what decides its projects (lib/projects/access.ts)
  const [row] = await db
    .select({
      deactivatedAt: userTable.deactivatedAt,
      removedAt: userTable.removedAt,
      role: userTable.role,
      allProjects: userTable.allProjects,
    })
    .from(userTable)
    .where(eq(userTable.id, result.user.id));
  if (!row || row.deactivatedAt || row.removedAt) return null;
  touchLastSeen(db, result.user.id);
  const { id, email, name } = result.user;
  return {
    user: { id, email, name, role: row.role ?? "member" },
    sessionId: result.session.id,
    allProjects: row.allProjects,
  };
}

export async function getSessionUser(requestHeaders?: Headers): Promise<SessionUser | null> {
  return (await getCurrentSession(requestHeaders))?.user ?? null;
}

/**
 * Records that the user was seen, at most once a minute (the WHERE makes repeats within the minute a no-op that
 * writes nothing). Not awaited: a page never waits on it, and a failure only leaves last_seen_at older.
 */
function touchLastSeen(db: Db, userId: string): void {
  db.update(userTable)
    .set({ lastSeenAt: sql`now()` })
    .where(
      and(
        eq(userTable.id, userId),
        or(isNull(userTable.lastSeenAt), lt(userTable.lastSeenAt, sql`now() - interval '1 minute'`)),
      ),
    )
    .then(
      () => {},
      (error: unknown) => logger.warn({ err: error, userId }, "could not update last_seen_at"),
    );
}

/**
 * The request's session, read once per server render: the layout, the page and the current project all ask,
 * and React's cache() makes that one read of the session row (outside a render it simply reads again).
 */
const sessionOfThisRender = cache(() => readSession());

/** For console pages: the signed-in user, or a redirect to setup (no users yet) or login. */
export async function requireUser(): Promise<SessionUser> {
  return (await requireSessionRead()).user;
}

/**
 * For console pages: the signed-in user with the role and all_projects this request read from the user row
 * (what lib/projects/access.ts projectScope decides by), or the redirect of requireUser.
 */
export async function requireUserAccess(): Promise<{ id: string; access: UserAccess }> {
  const { user, allProjects } = await requireSessionRead();
  return { id: user.id, access: { role: user.role, allProjects } };
}

async function requireSessionRead(): Promise<SessionRead> {
  const read = await sessionOfThisRender();
  if (read) return read;
  if ((await countUsers(await getDb())) === 0) redirect("/setup");
  redirect("/login");
}

const ADMIN_ONLY = "Only an admin can do this. Ask an admin of this console.";

/**
 * For admin-only server actions: the signed-in admin, or the refusal the action returns as its result, which
 * its form shows. (A thrown error would reach the browser as a bare 500 with the message hidden.) Without a
 * session it redirects to login like requireUser.
 */
export async function authorizeAdmin(): Promise<
  { ok: true; user: SessionUser } | { ok: false; error: string }
> {
  const user = await requireUser();
  return isAdminRole(user.role) ? { ok: true, user } : { ok: false, error: ADMIN_ONLY };
}

/** The refusal a role below `capability` gets, in words that say what to ask for. */
export const REFUSALS: Record<Capability, string> = {
  read: "Sign in to see this.",
  triage: "Viewers can't triage. Ask an admin for the member role.",
  admin: ADMIN_ONLY,
};

/**
 * For server actions: the signed-in user if their role has `capability` (lib/auth/roles.ts), else the refusal the
 * action returns as its result. The role is the one the session reads from the user row on each request.
 */
export async function authorize(
  capability: Capability,
): Promise<{ ok: true; user: SessionUser } | { ok: false; error: string }> {
  const user = await requireUser();
  return can(user.role, capability) ? { ok: true, user } : { ok: false, error: REFUSALS[capability] };
}
