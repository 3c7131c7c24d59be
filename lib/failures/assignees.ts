// Who may own an issue of a project: active accounts (not deactivated, not removed) that can triage (member and
// up: a viewer could not resolve what they own) and may see the project. The "Assign to" menus list them and
// the triage route refuses anyone else.
import { and, asc, eq, exists, inArray, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { projectAccess, user } from "@/db/schema";
import { badRequest } from "@/lib/http/errors";

function assignable(db: DbOrTx, projectId: string) {
  return and(
    isNull(user.removedAt),
    isNull(user.deactivatedAt),
    inArray(user.role, ["owner", "admin", "member"]),
    or(
      inArray(user.role, ["owner", "admin"]),
      eq(user.allProjects, true),
      exists(
        db
          .select({ one: sql`1` })
          .from(projectAccess)
          .where(and(eq(projectAccess.userId, user.id), eq(projectAccess.projectId, projectId))),
      ),
    ),
  );
}

export type Assignee = { id: string; name: string; email: string; me: boolean };

/** The people an issue of the project can be assigned to, the signed-in user ("me") first, then by name. */
export async function listAssignees({
  db,
  projectId,
  me,
}: {
  db: DbOrTx;
  projectId: string;
  me: string | null;
}): Promise<Assignee[]> {
  const rows = await db
    .select({ id: user.id, name: user.name, email: user.email })
    .from(user)
    .where(assignable(db, projectId))
    .orderBy(asc(user.name), asc(user.email));
  const list = rows.map((r) => ({ ...r, me: r.id === me }));
  return [...list.filter((u) => u.me), ...list.filter((u) => !u.me)];
}

/** Throws a 400 the triage form shows when `userId` cannot own issues of this project. */
export async function assertAssignable({
  db,
  projectId,
  userId,
}: {
  db: DbOrTx;
  projectId: string;
  userId: string;
}): Promise<void> {
  const [found] = await db
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.id, userId), assignable(db, projectId)));
  if (!found) {
    throw badRequest(
      "That person can't be assigned here: assign an active member or admin who has access to this project.",
    );
  }
}
