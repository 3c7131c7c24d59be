"use server";
// Server action of the Settings "Retention" section: admin only, on the project in view, audited.
import { revalidatePath } from "next/cache";
import { saveProjectSetting } from "@/lib/projects/save-setting";
import { getRetention, type RetentionInput, type RetentionUpdate, updateRetention } from "./settings";

export async function saveRetentionAction(input: RetentionInput): Promise<RetentionUpdate> {
  const result = await saveProjectSetting({
    action: "project.retention",
    read: async (tx, projectId) => {
      const r = await getRetention({ db: tx, projectId });
      return { raw_retention_days: r?.rawRetentionDays, job_retention_days: r?.jobRetentionDays };
    },
    update: (tx, projectId) => updateRetention({ db: tx, projectId, input }),
  });
  if (result.ok) revalidatePath("/settings");
  return result;
}
