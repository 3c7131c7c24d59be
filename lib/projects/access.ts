// Which projects a console account may see: the one place the rule lives. Owners and admins see every project;
// a member or viewer with all_projects = false sees only the projects listed for them in project_access.
// Pages, the read API, server actions and the project switcher all ask here.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { project, projectAccess, user } from "@/db/schema";
import { can } from "@/lib/auth/roles";
import { forbidden, notFound } from "@/lib/http/errors";
import { isLive, listProjects, type Project } from "./queries";

/**
 * The account; with `access`, its role and all_projects as this request already read them from its live user
 * row (a page's session read: lib/auth/session.ts requireUserAccess), which then is not read again.
 */
type Who = { id: string; access?: UserAccess };
export type UserAccess = { role: string; allProjects: boolean };

/** "all", or the ids of the projects the account may see (empty for an unknown or removed account). */
export async function projectScope(db: DbOrTx, who: Who): Promise<"all" | string[]> {
  // The role is read from the row, not the session: a role changed a moment ago counts at once.
  const [row] = who.access
    ? [who.access]
    : await db
        .select({ role: user.role, allProjects: user.allProjects })
        .from(user)
        .where(and(eq(user.id, who.id), isNull(user.removedAt)));
  if (!row) return [];
  if (can(row.role, "admin") || row.allProjects) return "all";
  const rows = await db
    .select({ projectId: projectAccess.projectId })
    .from(projectAccess)
    .where(eq(projectAccess.userId, who.id));
  return rows.map((r) => r.projectId);
}

/** The projects the account may see, in the switcher's order (oldest first). */
export async function accessibleProjects(db: DbOrTx, who: Who): Promise<Project[]> {
  const scope = await projectScope(db, who);
  if (scope === "all") return listProjects({ db });
  if (scope.length === 0) return [];
  return db
    .select()
    .from(project)
    .where(and(inArray(project.id, scope), isLive))
    .orderBy(asc(project.createdAt), asc(project.slug));
}

export async function canAccessProject(db: DbOrTx, who: Who, projectId: string): Promise<boolean> {
  const scope = await projectScope(db, who);
  return scope === "all" || scope.includes(projectId);
}

/**
 * A project the account may not see answers exactly like a project that does not exist (404, same message):
 * a limited member learns nothing about the other projects, not even their names.
 */
export function noSuchProject(slug: string) {
  return notFound(`No project "${slug}".`);
}

export async function assertProjectAccess(db: DbOrTx, who: Who, p: Pick<Project, "id" | "slug">) {
  if (!(await canAccessProject(db, who, p.id))) throw noSuchProject(p.slug);
}

/**
 * An API key acts on its own project only. Its project deleted: refused (403), whatever the key's scopes, so a
 * runner's operator learns why ingest stopped. A `?project=` naming another project: refused (403) rather than
 * ignored, so a script pointed at the wrong fleet fails loudly; the message does not say whether that project
 * exists. Returns the key's project slug.
 */
export function assertKeyProject(
  key: { project: { slug: string; deletedAt: Date | null } },
  requested: string | null,
): string {
  const own = key.project;
  if (own.deletedAt) {
    throw forbidden(
      `This API key belongs to project "${own.slug}", which was deleted: its keys no longer work. ` +
        "Create a key in another project (Settings > API keys).",
    );
  }
  if (requested && requested !== own.slug) {
    throw forbidden(
      `This API key belongs to project "${own.slug}" and cannot be used with ?project=${JSON.stringify(requested.slice(0, 80))}. ` +
        "Use a key of that project, or leave ?project= out.",
    );
  }
  return own.slug;
}
