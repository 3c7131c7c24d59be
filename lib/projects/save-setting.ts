// The shape of a project setting's server action (fleet thresholds, retention): an admin only, on the project in
// view, the change and its audit entry (what the setting read before and after) in one transaction.
import { getDb, type Tx } from "@/db/client";
import { actionActor, recordAudit } from "@/lib/audit/record";
import { authorizeAdmin } from "@/lib/auth/session";
import { getCurrentProject } from "./current";

export async function saveProjectSetting<R extends { ok: boolean }>({
  action,
  read,
  update,
}: {
  /** the audit action, e.g. "project.retention" */
  action: string;
  /** the setting as the audit entry shows it, before and after the change */
  read: (tx: Tx, projectId: string) => Promise<unknown>;
  update: (tx: Tx, projectId: string) => Promise<R>;
}): Promise<R | { ok: false; error: string }> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const actor = await actionActor(auth.user);
  const projectId = current.id;
  return db.transaction(async (tx) => {
    const before = await read(tx, projectId);
    const r = await update(tx, projectId);
    if (!r.ok) return r;
    const after = await read(tx, projectId);
    const object = { objectType: "project", objectId: projectId, objectLabel: current.slug, projectId };
    await recordAudit(tx, actor, { action, ...object, before, after });
    return r;
  });
}
