"use server";
// Server action of the "Fleet thresholds" settings: admin only, on the project in view.
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { type ThresholdsInput, type UpdateResult, updateThresholds } from "@/lib/agents/thresholds";
import { requireAdmin } from "@/lib/auth/session";
import { getCurrentProject } from "./current";

export async function saveThresholdsAction(input: ThresholdsInput): Promise<UpdateResult> {
  await requireAdmin();
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const result = await updateThresholds({ db, projectId: current.id, input });
  if (result.ok) {
    revalidatePath("/settings");
    revalidatePath("/agents", "layout");
  }
  return result;
}
