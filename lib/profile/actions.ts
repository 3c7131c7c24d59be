"use server";
// Server actions of Settings > Profile: every role, on the signed-in account only.
import { isAPIError } from "better-auth/api";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { actionActor, recordAudit } from "@/lib/audit/record";
import { getAuth } from "@/lib/auth/server";
import { getCurrentSession } from "@/lib/auth/session";
import { reserveSignIn, settleSuccessfulSignIn, throttleMessage } from "@/lib/auth/throttle";
import { passwordSchema } from "@/lib/members/accept";
import { renameSelf, revokeOwnSessions } from "./profile";

type Result = { ok: true } | { ok: false; error: string };
const SIGNED_OUT: Result = { ok: false, error: "You are signed out. Sign in again." };
const PATH = "/settings/profile";

export async function renameAction(name: string): Promise<Result> {
  const current = await getCurrentSession();
  if (!current) return SIGNED_OUT;
  const r = await renameSelf(await getDb(), {
    userId: current.user.id,
    actor: await actionActor(current.user),
    name: String(name ?? ""),
  });
  if (r.ok) revalidatePath("/", "layout");
  return r;
}

/**
 * better-auth checks the current password with its own hasher, stores the new hash, and (revokeOtherSessions)
 * replaces every session with a fresh one for this browser, whose cookie nextCookies sets.
 */
export async function changePasswordAction(currentPassword: string, newPassword: string): Promise<Result> {
  const current = await getCurrentSession();
  if (!current) return SIGNED_OUT;
  const next = passwordSchema.safeParse(String(newPassword ?? ""));
  if (!next.success) return { ok: false, error: next.error.issues[0]?.message ?? "Invalid password" };
  // Each try counts against the account's sign-in budget (lib/auth/throttle): a borrowed or stolen session
  // cannot guess the current password faster than the sign-in form can.
  const db = await getDb();
  const attempt = { email: current.user.email, address: null };
  const verdict = await reserveSignIn(db, attempt);
  if (verdict.blocked) return { ok: false, error: throttleMessage(verdict) };
  const auth = await getAuth();
  try {
    await auth.api.changePassword({
      body: {
        currentPassword: String(currentPassword ?? ""),
        newPassword: next.data,
        revokeOtherSessions: true,
      },
      headers: await headers(),
    });
  } catch (error) {
    if (isAPIError(error) && error.body?.code === "CREDENTIAL_ACCOUNT_NOT_FOUND")
      return {
        ok: false,
        error:
          "This account signs in with SSO and has no password. Ask an admin for a reset link to set one.",
      };
    if (isAPIError(error) && error.status === "BAD_REQUEST")
      return { ok: false, error: "The current password is not right." };
    throw error;
  }
  await settleSuccessfulSignIn(db, attempt);
  await recordAudit(db, await actionActor(current.user), {
    action: "profile.password",
    objectType: "user",
    objectId: current.user.id,
    objectLabel: current.user.email,
    before: { otherSessions: "active" },
    after: { passwordChanged: true, otherSessions: "ended" },
  });
  revalidatePath(PATH);
  return { ok: true };
}

/** sessionId null: every session but this one ("sign out other sessions"). */
export async function revokeSessionAction(sessionId: string | null): Promise<Result> {
  const current = await getCurrentSession();
  if (!current) return SIGNED_OUT;
  const r = await revokeOwnSessions(await getDb(), {
    userId: current.user.id,
    email: current.user.email,
    currentSessionId: current.sessionId,
    sessionId: sessionId === null ? null : String(sessionId),
    actor: await actionActor(current.user),
  });
  if (!r.ok) return r;
  revalidatePath(PATH);
  return { ok: true };
}
