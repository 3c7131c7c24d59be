"use server";
// Server action of the "Fleet thresholds" settings: admin only, on the project in view.
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { type ThresholdsInput, type UpdateResult, updateThresholds } from "@/lib/agents/thresholds";
import { actionActor, recordAudit } from "@/lib/audit/record";
import { authorizeAdmin } from "@/lib/auth/session";
import { getCurrentProject } from "./current";
import { getProjectSettings } from "./queries";

export async function saveThresholdsAction(input: ThresholdsInput): Promise<UpdateResult> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const actor = await actionActor(auth.user);
  const projectId = current.id;
  const result = await db.transaction(async (tx) => {
    const before = await getProjectSettings({ db: tx, projectId });
    const r = await updateThresholds({ db: tx, projectId, input });
    if (!r.ok) return r;
    const after = await getProjectSettings({ db: tx, projectId });
    const object = { objectType: "project", objectId: projectId, objectLabel: current.slug, projectId };
    await recordAudit(tx, actor, { action: "project.thresholds", ...object, before, after });
    return r;
  });
  if (result.ok) {
    revalidatePath("/settings");
    revalidatePath("/agents", "layout");
  }
  return result;
}
