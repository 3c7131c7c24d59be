"use server";
// Server actions of the invite and reset pages (no session needed: the link's token is the authority). After
// the change commits, the person is signed in through better-auth's own sign-in, whose session cookie the
// nextCookies plugin sets on this action's response.
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { getAuth } from "@/lib/auth/server";
import { settleSuccessfulSignIn } from "@/lib/auth/throttle";
import { acceptInvite, resetPassword } from "./accept";

type Result = { ok: true; signedIn: boolean } | { ok: false; error: string };

async function signIn(email: string, password: string): Promise<boolean> {
  const auth = await getAuth();
  try {
    await auth.api.signInEmail({ body: { email, password }, headers: await headers() });
    return true;
  } catch {
    // The account exists either way; the page then offers the sign-in form.
    return false;
  }
}

export async function acceptInviteAction(
  token: string,
  input: { name: string; password: string },
): Promise<Result> {
  const requestHeaders = await headers();
  const accepted = await acceptInvite(await getDb(), {
    token: String(token),
    input: { name: String(input?.name ?? ""), password: String(input?.password ?? "") },
    headers: requestHeaders,
  });
  if (!accepted.ok) return accepted;
  return { ok: true, signedIn: await signIn(accepted.email, String(input.password)) };
}

export async function resetPasswordAction(token: string, password: string): Promise<Result> {
  const db = await getDb();
  const reset = await resetPassword(db, {
    token: String(token),
    password: String(password ?? ""),
    headers: await headers(),
  });
  if (!reset.ok) return reset;
  // The link proves the account is theirs: failed guesses of the old password (someone's lock-out) no longer
  // stand between them and the new one.
  await settleSuccessfulSignIn(db, { email: reset.email, address: null });
  return { ok: true, signedIn: await signIn(reset.email, String(password)) };
}
