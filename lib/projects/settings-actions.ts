"use server";
// Server action of the "Fleet thresholds" settings: admin only, on the project in view, audited.
import { revalidatePath } from "next/cache";
import { type ThresholdsInput, type UpdateResult, updateThresholds } from "@/lib/agents/thresholds";
import { getProjectSettings } from "./queries";
import { saveProjectSetting } from "./save-setting";

export async function saveThresholdsAction(input: ThresholdsInput): Promise<UpdateResult> {
  const result = await saveProjectSetting({
    action: "project.thresholds",
    read: (tx, projectId) => getProjectSettings({ db: tx, projectId }),
    update: (tx, projectId) => updateThresholds({ db: tx, projectId, input }),
  });
  if (result.ok) {
    revalidatePath("/settings");
    revalidatePath("/agents", "layout");
  }
  return result;
}
