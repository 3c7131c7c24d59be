// Checks that what a rule or a policy points at (destinations, an escalation policy, members) exists and
// belongs to the project; a foreign or unknown id is a 400 naming the field, never a dangling reference.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { destination, escalationPolicy, user } from "@/db/schema";
import { badRequest } from "@/lib/http/errors";

function refused(path: (string | number)[], message: string) {
  return badRequest(message, [{ code: "custom", path, message }]);
}

export async function assertDestinations(
  db: DbOrTx,
  projectId: string,
  ids: string[],
  path: (string | number)[],
) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await db
    .select({ id: destination.id })
    .from(destination)
    .where(and(eq(destination.projectId, projectId), inArray(destination.id, wanted)));
  const known = new Set(found.map((d) => d.id));
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length) throw refused(path, `No destination ${missing.join(", ")} in this project`);
}

export async function assertPolicy(db: DbOrTx, projectId: string, id: string | null) {
  if (!id) return;
  const [found] = await db
    .select({ id: escalationPolicy.id })
    .from(escalationPolicy)
    .where(and(eq(escalationPolicy.projectId, projectId), eq(escalationPolicy.id, id)));
  if (!found) throw refused(["escalationPolicyId"], `No escalation policy ${id} in this project`);
}

/** Members paged by a step: existing accounts, not deactivated or removed. */
export async function assertMembers(db: DbOrTx, ids: string[], path: (string | number)[]) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await db
    .select({ id: user.id })
    .from(user)
    .where(and(inArray(user.id, wanted), isNull(user.deactivatedAt), isNull(user.removedAt)));
  const known = new Set(found.map((u) => u.id));
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length) throw refused(path, `No active member ${missing.join(", ")}`);
}
