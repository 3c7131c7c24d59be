"use server";
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { canAccessProject } from "@/lib/projects/access";
import { PROJECT_COOKIE } from "@/lib/projects/current";
import { getProjectBySlug } from "@/lib/projects/queries";

/** Shows another project: only one the user may see (an unknown and a forbidden slug get the same answer). */
export async function switchProjectAction(slug: string): Promise<{ ok: boolean; error?: string }> {
  const user = await requireUser();
  const db = await getDb();
  const found = typeof slug === "string" ? await getProjectBySlug({ db, slug }) : null;
  if (!found || !(await canAccessProject(db, user, found.id))) {
    return { ok: false, error: `No project "${String(slug)}".` };
  }
  (await cookies()).set(PROJECT_COOKIE, found.slug, {
    path: "/",
    sameSite: "lax",
    maxAge: 60 * 60 * 24 * 365,
  });
  return { ok: true };
}
