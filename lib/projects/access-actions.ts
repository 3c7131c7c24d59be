"use server";
// Server action of Settings > Members > <member> > Project access: admin only.
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { actionActor } from "@/lib/audit/record";
import { authorizeAdmin } from "@/lib/auth/session";
import { type ProjectAccessInput, projectAccessInput, setProjectAccess } from "./access-edit";

export async function saveProjectAccessAction(
  input: ProjectAccessInput,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const parsed = projectAccessInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  const result = await setProjectAccess({
    db: await getDb(),
    actor: await actionActor(auth.user),
    input: parsed.data,
  });
  if (result.ok) revalidatePath(`/settings/members/${parsed.data.userId}/access`);
  return result;
}
