"use server";
// The server action of Settings > Single sign-on: an admin only, audited (lib/auth/sso-settings.ts).
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { actionActor } from "@/lib/audit/record";
import { authorizeAdmin } from "./session";
import { type SsoSettingsInput, saveSsoSettings } from "./sso-settings";

export async function saveSsoSettingsAction(
  input: SsoSettingsInput,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const result = await saveSsoSettings({ db: await getDb(), actor: await actionActor(auth.user), input });
  if (result.ok) {
    revalidatePath("/settings/sso");
    revalidatePath("/login");
  }
  return result;
}
