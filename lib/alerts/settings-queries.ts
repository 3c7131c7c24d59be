// What the alert settings page offers to choose from: the project's destinations (read straight from the
// destination table, which the delivery side owns) and the console's active members.
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { destination, user } from "@/db/schema";

export async function listDestinationChoices({ db, projectId }: { db: DbOrTx; projectId: string }) {
  const rows = await db
    .select({
      id: destination.id,
      name: destination.name,
      kind: destination.kind,
      enabled: destination.enabled,
    })
    .from(destination)
    .where(eq(destination.projectId, projectId))
    .orderBy(asc(destination.name));
  return rows.map((d) => ({ id: d.id, name: d.name, detail: d.enabled ? d.kind : `${d.kind}, disabled` }));
}

export async function listMemberChoices({ db }: { db: DbOrTx }) {
  const rows = await db
    .select({ id: user.id, name: user.name, email: user.email })
    .from(user)
    .where(and(isNull(user.deactivatedAt), isNull(user.removedAt)))
    .orderBy(asc(user.name))
    .limit(500);
  return rows.map((u) => ({ id: u.id, name: u.name || u.email, detail: u.email }));
}
