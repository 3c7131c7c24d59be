"use server";
// Server action of the Settings "Retention" section: admin only, on the project in view, audited.
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { actionActor, recordAudit } from "@/lib/audit/record";
import { authorizeAdmin } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { getRetention, type RetentionInput, type RetentionUpdate, updateRetention } from "./settings";

export async function saveRetentionAction(input: RetentionInput): Promise<RetentionUpdate> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const actor = await actionActor(auth.user);
  const projectId = current.id;
  const result = await db.transaction(async (tx) => {
    const before = await getRetention({ db: tx, projectId });
    const r = await updateRetention({ db: tx, projectId, input });
    if (!r.ok) return r;
    const after = await getRetention({ db: tx, projectId });
    await recordAudit(tx, actor, {
      action: "project.retention",
      objectType: "project",
      objectId: projectId,
      objectLabel: current.slug,
      projectId,
      before: { raw_retention_days: before?.rawRetentionDays, job_retention_days: before?.jobRetentionDays },
      after: { raw_retention_days: after?.rawRetentionDays, job_retention_days: after?.jobRetentionDays },
    });
    return r;
  });
  if (result.ok) revalidatePath("/settings");
  return result;
}
