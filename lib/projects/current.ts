// Which project the console shows: the fw_project cookie (set by the project switcher), else the first, always
// among the projects the account may see (lib/projects/access.ts).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { DbOrTx } from "@/db/client";
import { requireUserAccess } from "@/lib/auth/session";
import { notFound } from "@/lib/http/errors";
import { accessibleProjects, assertProjectAccess, noSuchProject, projectScope } from "./access";
import { ensureProject, getProjectBySlug, type Project } from "./queries";

export const PROJECT_COOKIE = "fw_project";

/**
 * An explicit slug (API ?project=) must exist and be one the user may see (else 404, the same answer for
 * both); else the cookie's project, else the first project the user may see.
 */
export async function resolveProjectForUser({
  db,
  slug,
  user,
}: {
  db: DbOrTx;
  slug: string | null;
  user: { id: string };
}): Promise<Project> {
  if (slug) {
    const found = await getProjectBySlug({ db, slug });
    if (!found) throw noSuchProject(slug);
    await assertProjectAccess(db, user, found);
    return found;
  }
  const fromCookie = (await cookies()).get(PROJECT_COOKIE)?.value;
  const projects = await accessibleProjects(db, user);
  const chosen = projects.find((p) => p.slug === fromCookie) ?? projects[0];
  if (!chosen) {
    throw notFound(
      (await projectScope(db, user)) === "all"
        ? "No project yet: create an API key to create one."
        : "Your account has access to no project. Ask an admin for access.",
    );
  }
  return chosen;
}

/**
 * For console pages and server actions: the project in view among those the signed-in user may see (creating
 * "default" if the instance has none yet). A member limited to no project is sent to /no-projects. Read once
 * per server render for a given database (the layout and the page both ask); outside a render, every call reads.
 */
export const getCurrentProject = cache(async function getCurrentProject(
  db: DbOrTx,
): Promise<{ current: Project; projects: Project[] }> {
  const user = await requireUserAccess();
  let projects = await accessibleProjects(db, user);
  if (projects.length === 0) {
    if ((await projectScope(db, user)) !== "all") redirect("/no-projects");
    await ensureProject({ db, slug: "default", name: "Default" });
    projects = await accessibleProjects(db, user);
  }
  const fromCookie = (await cookies()).get(PROJECT_COOKIE)?.value;
  const current = projects.find((p) => p.slug === fromCookie) ?? (projects[0] as Project);
  return { current, projects };
});
