"use server";
// Server action of the "Fleet thresholds" settings: admin only, on the project in view.
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { type ThresholdsInput, type UpdateResult, updateThresholds } from "@/lib/agents/thresholds";
import { authorizeAdmin } from "@/lib/auth/session";
import { getCurrentProject } from "./current";

export async function saveThresholdsAction(input: ThresholdsInput): Promise<UpdateResult> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const result = await updateThresholds({ db, projectId: current.id, input });
  if (result.ok) {
    revalidatePath("/settings");
    revalidatePath("/agents", "layout");
  }
  return result;
}
