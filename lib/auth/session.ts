// Session helpers for pages, server actions and route handlers.

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { type Capability, can, isAdminRole } from "@/lib/auth/roles";
import { countUsers, getAuth } from "./server";

export type SessionUser = { id: string; email: string; name: string; role: string };

export async function getSessionUser(requestHeaders?: Headers): Promise<SessionUser | null> {
  const auth = await getAuth();
  const result = await auth.api.getSession({ headers: requestHeaders ?? (await headers()) });
  if (!result) return null;
  const { id, email, name, role } = result.user;
  return { id, email, name, role: role ?? "member" };
}

/** For console pages: the signed-in user, or a redirect to setup (no users yet) or login. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (user) return user;
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
