// Using a link: accepting an invite (creates the account) and setting a password through a reset link. The link
// is claimed by a conditional UPDATE (unused, unrevoked, unexpired) in the same transaction as the change, so
// of two concurrent uses exactly one finds the row still claimable; the other's UPDATE waits on the row lock,
// re-checks used_at and matches nothing.
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { account, type MemberLinkKind, memberLink, project, projectAccess, session, user } from "@/db/schema";
import { recordAudit, userActor } from "@/lib/audit/record";
import { asRole } from "@/lib/auth/roles";
import { hashLinkToken, TOKEN_PATTERN } from "./tokens";

/** Same bounds as the setup page and better-auth (minPasswordLength 8, maxPasswordLength 128). */
export const passwordSchema = z
  .string()
  .min(8, "The password needs at least 8 characters.")
  .max(128, "The password can have at most 128 characters.");

export const acceptInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
  password: passwordSchema,
});

export type LinkState =
  | { state: "valid"; kind: MemberLinkKind; email: string; role: string | null; expiresAt: Date }
  | { state: "unknown" | "expired" | "used" | "revoked" };

export const LINK_PROBLEMS: Record<Exclude<LinkState["state"], "valid">, string> = {
  unknown: "This link is not valid. Check that you copied all of it, or ask an admin for a new one.",
  expired: "This link has expired. Ask an admin for a new one.",
  used: "This link was already used. Sign in, or ask an admin for a new one.",
  revoked: "This link was revoked. Ask an admin for a new one.",
};

export async function inspectLink(db: Db | Tx, kind: MemberLinkKind, token: string): Promise<LinkState> {
  if (!TOKEN_PATTERN.test(token)) return { state: "unknown" };
  const [link] = await db
    .select()
    .from(memberLink)
    .where(and(eq(memberLink.tokenHash, hashLinkToken(token)), eq(memberLink.kind, kind)));
  if (!link) return { state: "unknown" };
  if (link.usedAt) return { state: "used" };
  if (link.revokedAt) return { state: "revoked" };
  if (link.expiresAt.getTime() <= Date.now()) return { state: "expired" };
  return { state: "valid", kind, email: link.email, role: link.role, expiresAt: link.expiresAt };
}

async function claimLink(tx: Tx, kind: MemberLinkKind, token: string) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [link] = await tx
    .update(memberLink)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(memberLink.tokenHash, hashLinkToken(token)),
        eq(memberLink.kind, kind),
        isNull(memberLink.usedAt),
        isNull(memberLink.revokedAt),
        gt(memberLink.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return link ?? null;
}

async function refusal(db: Db, kind: MemberLinkKind, token: string) {
  const state = await inspectLink(db, kind, token);
  return {
    ok: false as const,
    error: state.state === "valid" ? LINK_PROBLEMS.used : LINK_PROBLEMS[state.state],
  };
}

export type Accepted = { ok: true; userId: string; email: string };
export type Refused = { ok: false; error: string };

export async function acceptInvite(
  db: Db,
  args: { token: string; input: z.input<typeof acceptInput>; headers: Headers | null },
): Promise<Accepted | Refused> {
  const parsed = acceptInput.safeParse(args.input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  // Hashing is slow on purpose (scrypt): do it before taking any lock.
  const hash = await hashPassword(parsed.data.password);
  const userId = randomUUID();
  const outcome = await db.transaction(async (tx) => {
    const link = await claimLink(tx, "invite", args.token);
    if (!link) return null;
    const [taken] = await tx.select({ id: user.id }).from(user).where(eq(user.email, link.email));
    if (taken) return { ok: false as const, error: `${link.email} already has an account. Sign in instead.` };
    const role = asRole(link.role);
    const limited = (role === "member" || role === "viewer") && (link.projectIds?.length ?? 0) > 0;
    // Projects deleted since the invite are skipped (the access editor shows what remains).
    const projectIds = limited
      ? (
          await tx
            .select({ id: project.id })
            .from(project)
            .where(and(inArray(project.id, link.projectIds ?? []), isNull(project.deletedAt)))
        ).map((p) => p.id)
      : [];
    await tx.insert(user).values({
      id: userId,
      name: parsed.data.name,
      email: link.email,
      emailVerified: true,
      role,
      allProjects: !limited,
    });
    if (projectIds.length > 0)
      await tx.insert(projectAccess).values(projectIds.map((projectId) => ({ userId, projectId })));
    await tx
      .insert(account)
      .values({ id: randomUUID(), accountId: userId, providerId: "credential", userId, password: hash });
    await recordAudit(tx, userActor({ id: userId, email: link.email }, args.headers), {
      action: "member.join",
      objectType: "user",
      objectId: userId,
      objectLabel: link.email,
      after: {
        email: link.email,
        name: parsed.data.name,
        role,
        allProjects: !limited,
        projectIds,
        inviteId: link.id,
      },
    });
    return { ok: true as const, userId, email: link.email };
  });
  return outcome ?? refusal(db, "invite", args.token);
}

/** Sets the account's password from a reset link and ends every session of the account. */
export async function resetPassword(
  db: Db,
  args: { token: string; password: string; headers: Headers | null },
): Promise<Accepted | Refused> {
  const parsed = passwordSchema.safeParse(args.password);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid password" };
  const hash = await hashPassword(parsed.data);
  const outcome = await db.transaction(async (tx) => {
    const link = await claimLink(tx, "reset", args.token);
    if (!link?.userId) return null;
    const [target] = await tx.select().from(user).where(eq(user.id, link.userId)).for("update");
    if (!target || target.removedAt || target.deactivatedAt)
      return { ok: false as const, error: "This account is deactivated. Ask an admin." };
    const updated = await tx
      .update(account)
      .set({ password: hash, updatedAt: sql`now()` })
      .where(and(eq(account.userId, target.id), eq(account.providerId, "credential")))
      .returning({ id: account.id });
    // An account that only signed in with SSO gets a password of its own.
    if (updated.length === 0)
      await tx.insert(account).values({
        id: randomUUID(),
        accountId: target.id,
        providerId: "credential",
        userId: target.id,
        password: hash,
      });
    const ended = await tx.delete(session).where(eq(session.userId, target.id)).returning({ id: session.id });
    await recordAudit(tx, userActor(target, args.headers), {
      action: "member.password_reset",
      objectType: "user",
      objectId: target.id,
      objectLabel: target.email,
      before: { sessions: ended.length },
      after: { passwordChanged: true, sessions: 0, linkId: link.id },
    });
    return { ok: true as const, userId: target.id, email: target.email };
  });
  return outcome ?? refusal(db, "reset", args.token);
}
