// Session helpers for pages, server actions and route handlers.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
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

export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== "admin") throw new Error("Only an admin can do this.");
  return user;
}
