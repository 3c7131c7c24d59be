// Which project the console shows: the fw_project cookie (set by the project switcher), else the first.
import { cookies } from "next/headers";
import type { DbOrTx } from "@/db/client";
import { notFound } from "@/lib/api/errors";
import { ensureProject, getProjectBySlug, listProjects, type Project } from "./queries";

export const PROJECT_COOKIE = "fw_project";

/** An explicit slug (API ?project=) must exist; else the cookie's project, else the first project. */
export async function resolveProjectForUser({
  db,
  slug,
}: {
  db: DbOrTx;
  slug: string | null;
}): Promise<Project> {
  if (slug) {
    const found = await getProjectBySlug({ db, slug });
    if (!found) throw notFound(`No project "${slug}".`);
    return found;
  }
  const fromCookie = (await cookies()).get(PROJECT_COOKIE)?.value;
  const projects = await listProjects({ db });
  const chosen = projects.find((p) => p.slug === fromCookie) ?? projects[0];
  if (!chosen) throw notFound("No project yet: create an API key to create one.");
  return chosen;
}

/** For console pages: the project in view (creating "default" if the instance has none yet). */
export async function getCurrentProject(db: DbOrTx): Promise<{ current: Project; projects: Project[] }> {
  let projects = await listProjects({ db });
  if (projects.length === 0) {
    await ensureProject({ db, slug: "default", name: "Default" });
    projects = await listProjects({ db });
  }
  const fromCookie = (await cookies()).get(PROJECT_COOKIE)?.value;
  const current = projects.find((p) => p.slug === fromCookie) ?? (projects[0] as Project);
  return { current, projects };
}
