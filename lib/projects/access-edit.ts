// An admin sets which projects a member or viewer may see: all of them, or a list. One transaction writes
// user.all_projects, the project_access rows and the audit entry (member.projects, before and after).
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { project, projectAccess, user } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { isAdminRole } from "@/lib/auth/roles";
import { isLive } from "./queries";

export const projectAccessInput = z.object({
  userId: z.string().min(1).max(200),
  allProjects: z.boolean(),
  projectIds: z.array(z.uuid("Pick projects from the list.")).max(1000).default([]),
});
export type ProjectAccessInput = z.input<typeof projectAccessInput>;

export type AccessView = {
  user: { id: string; name: string; email: string; role: string };
  allProjects: boolean;
  /** slugs, oldest project first */
  projects: string[];
};

/** The account's current access, or null for an unknown or removed account. */
export async function getProjectAccess(db: DbOrTx, userId: string): Promise<AccessView | null> {
  const [row] = await db
    .select({ id: user.id, name: user.name, email: user.email, role: user.role, all: user.allProjects })
    .from(user)
    .where(and(eq(user.id, userId), isNull(user.removedAt)));
  if (!row) return null;
  const rows = await db
    .select({ slug: project.slug })
    .from(projectAccess)
    .innerJoin(project, eq(project.id, projectAccess.projectId))
    .where(and(eq(projectAccess.userId, userId), isLive))
    .orderBy(asc(project.createdAt), asc(project.slug));
  const { all, ...who } = row;
  return { user: who, allProjects: all, projects: rows.map((r) => r.slug) };
}

type Result = { ok: true } | { ok: false; error: string };

export async function setProjectAccess({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: AuditActor;
  input: z.output<typeof projectAccessInput>;
}): Promise<Result> {
  return db.transaction(async (tx) => {
    // lock the account so two admins saving at once apply one after the other, each with a true "before"
    const [target] = await tx
      .select({ id: user.id, role: user.role, email: user.email })
      .from(user)
      .where(and(eq(user.id, input.userId), isNull(user.removedAt)))
      .for("update");
    if (!target) return { ok: false, error: "No such member." };
    if (isAdminRole(target.role)) {
      return { ok: false, error: "Owners and admins always see every project; change the role first." };
    }
    const ids = input.allProjects ? [] : [...new Set(input.projectIds)];
    if (ids.length) {
      const found = await tx
        .select({ id: project.id })
        .from(project)
        .where(and(inArray(project.id, ids), isLive));
      if (found.length !== ids.length) return { ok: false, error: "A project in the list no longer exists." };
    }
    const before = await getProjectAccess(tx, target.id);
    await tx.update(user).set({ allProjects: input.allProjects }).where(eq(user.id, target.id));
    // The list is kept only while limited: "all projects" clears it, so a later limit starts from a clean slate.
    await tx.delete(projectAccess).where(eq(projectAccess.userId, target.id));
    if (ids.length) {
      await tx.insert(projectAccess).values(ids.map((projectId) => ({ userId: target.id, projectId })));
    }
    const after = await getProjectAccess(tx, target.id);
    await recordAudit(tx, actor, {
      action: "member.projects",
      objectType: "user",
      objectId: target.id,
      objectLabel: target.email,
      before: before && { all_projects: before.allProjects, projects: before.projects },
      after: after && { all_projects: after.allProjects, projects: after.projects },
    });
    return { ok: true };
  });
}
