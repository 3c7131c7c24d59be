"use server";
// Server actions of Settings > Members. Each checks the session (admin) on the server, validates its input, and
// returns {ok:false, error} for a refusal; the lib functions record the change in the audit log.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { actionActor } from "@/lib/audit/record";
import { authorizeAdmin } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { createInvite, createResetLink, type InviteInput, revokeInvite } from "./links";
import { type MailOutcome, mailLink } from "./mail";
import { changeRole, removeMember, setDeactivated, signOutEverywhere } from "./manage";

type Refusal = { ok: false; error: string };
export type LinkResult =
  | { ok: true; url: string; email: string; expiresAt: string; mail: MailOutcome }
  | Refusal;

const PATH = "/settings/members";

/** Links point at the public URL when set, else at the address the admin reached the console at. */
async function baseUrl(): Promise<string> {
  if (env.FLEETWATCH_URL) return env.FLEETWATCH_URL;
  const h = await headers();
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto === "https" ? "https" : "http"}://${h.get("host") ?? "localhost:3000"}`;
}

async function admin() {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  return { ok: true as const, admin: auth.user, actor: await actionActor(auth.user), db: await getDb() };
}

export async function inviteMemberAction(input: InviteInput): Promise<LinkResult> {
  const a = await admin();
  if (!a.ok) return a;
  const created = await createInvite(a.db, {
    admin: a.admin,
    actor: a.actor,
    input,
    baseUrl: await baseUrl(),
  });
  if (!created.ok) return created;
  revalidatePath(PATH);
  const mail = await mailLink({
    kind: "invite",
    to: created.email,
    url: created.url,
    expiresAt: created.expiresAt,
    by: a.admin.name || a.admin.email,
  });
  return {
    ok: true,
    url: created.url,
    email: created.email,
    expiresAt: created.expiresAt.toISOString(),
    mail,
  };
}

export async function resetLinkAction(userId: string): Promise<LinkResult> {
  const a = await admin();
  if (!a.ok) return a;
  const created = await createResetLink(a.db, {
    admin: a.admin,
    actor: a.actor,
    userId,
    baseUrl: await baseUrl(),
  });
  if (!created.ok) return created;
  const mail = await mailLink({
    kind: "reset",
    to: created.email,
    url: created.url,
    expiresAt: created.expiresAt,
    by: a.admin.name || a.admin.email,
  });
  return {
    ok: true,
    url: created.url,
    email: created.email,
    expiresAt: created.expiresAt.toISOString(),
    mail,
  };
}

type Simple = { ok: true } | Refusal;

async function run(fn: (a: Extract<Awaited<ReturnType<typeof admin>>, { ok: true }>) => Promise<Simple>) {
  const a = await admin();
  if (!a.ok) return a;
  const result = await fn(a);
  if (result.ok) revalidatePath(PATH);
  return result;
}

export async function revokeInviteAction(linkId: string): Promise<Simple> {
  return run((a) => revokeInvite(a.db, { admin: a.admin, actor: a.actor, linkId: String(linkId) }));
}

export async function changeRoleAction(userId: string, role: string): Promise<Simple> {
  return run((a) =>
    changeRole(a.db, { admin: a.admin, actor: a.actor, userId: String(userId), role: String(role) }),
  );
}

export async function setDeactivatedAction(userId: string, deactivated: boolean): Promise<Simple> {
  return run((a) =>
    setDeactivated(a.db, {
      admin: a.admin,
      actor: a.actor,
      userId: String(userId),
      deactivated: deactivated === true,
    }),
  );
}

export async function removeMemberAction(userId: string): Promise<Simple> {
  return run((a) => removeMember(a.db, { admin: a.admin, actor: a.actor, userId: String(userId) }));
}

export async function signOutEverywhereAction(userId: string): Promise<Simple> {
  return run((a) => signOutEverywhere(a.db, { admin: a.admin, actor: a.actor, userId: String(userId) }));
}
