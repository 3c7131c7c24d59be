// Creating and revoking invite and reset links. Every change is recorded in the audit log in its transaction;
// the token itself is returned once (to show and mail) and never stored or logged.
import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { memberLink, project, user } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { asRole, isAdminRole, ROLES, type Role } from "@/lib/auth/roles";
import { hashLinkToken, linkUrl, newLinkToken, TTL_MS } from "./tokens";

export type Admin = { id: string; email: string; role: string };
export type Refusal = { ok: false; error: string };

export const inviteInput = z.object({
  email: z.email("Enter a valid email address").max(320).trim().toLowerCase(),
  role: z.enum(ROLES),
  /** Empty or absent: all projects. Only for members and viewers. */
  projectIds: z.array(z.uuid()).max(500).optional(),
});
export type InviteInput = z.input<typeof inviteInput>;

export type CreatedLink = { ok: true; id: string; url: string; email: string; expiresAt: Date };

/** Who may hand out `role`: admins any role but owner, owners any role. */
export function canGrantRole(actorRole: string, role: Role): boolean {
  if (!isAdminRole(actorRole)) return false;
  return role !== "owner" || asRole(actorRole) === "owner";
}

export async function createInvite(
  db: Db,
  // admin null: the shell (`npm run user:create`), which has the database's own authority (an owner's).
  args: { admin: Admin | null; actor: AuditActor; input: InviteInput; baseUrl: string; now?: Date },
): Promise<CreatedLink | Refusal> {
  const parsed = inviteInput.safeParse(args.input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid invite" };
  const { email, role } = parsed.data;
  const actorRole = args.admin?.role ?? "owner";
  if (!canGrantRole(actorRole, role))
    return { ok: false, error: isAdminRole(actorRole) ? "Only an owner can invite an owner." : NOT_ADMIN };
  const limited = role === "member" || role === "viewer";
  const projectIds = limited && parsed.data.projectIds?.length ? [...new Set(parsed.data.projectIds)] : null;
  const now = args.now ?? new Date();
  const token = newLinkToken();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
    if (existing) return { ok: false as const, error: `${email} already has an account.` };
    const [pending] = await tx
      .select({ id: memberLink.id })
      .from(memberLink)
      .where(and(eq(memberLink.kind, "invite"), eq(memberLink.email, email), ...pendingConditions(now)));
    if (pending)
      return { ok: false as const, error: `${email} already has a pending invite: revoke it first.` };
    if (projectIds) {
      const found = await tx
        .select({ id: project.id })
        .from(project)
        .where(and(inArray(project.id, projectIds), isNull(project.deletedAt)));
      if (found.length !== projectIds.length) return { ok: false as const, error: "Unknown project." };
    }
    const expiresAt = new Date(now.getTime() + TTL_MS.invite);
    const [link] = await tx
      .insert(memberLink)
      .values({
        kind: "invite",
        email,
        role,
        projectIds,
        tokenHash: hashLinkToken(token),
        createdBy: args.admin?.id ?? null,
        createdAt: now,
        expiresAt,
      })
      .returning({ id: memberLink.id });
    if (!link) throw new Error("invite insert returned no row");
    await recordAudit(tx, args.actor, {
      action: "member.invite",
      objectType: "member_link",
      objectId: link.id,
      objectLabel: email,
      after: { email, role, projectIds, expiresAt: expiresAt.toISOString() },
    });
    return { ok: true as const, id: link.id, url: linkUrl(args.baseUrl, "invite", token), email, expiresAt };
  });
}

const NOT_ADMIN = "Only an admin can do this. Ask an admin of this console.";

function pendingConditions(now: Date) {
  return [isNull(memberLink.usedAt), isNull(memberLink.revokedAt), gt(memberLink.expiresAt, now)];
}

export async function revokeInvite(
  db: Db,
  args: { admin: Admin; actor: AuditActor; linkId: string },
): Promise<{ ok: true } | Refusal> {
  if (!isAdminRole(args.admin.role)) return { ok: false, error: NOT_ADMIN };
  if (!z.uuid().safeParse(args.linkId).success) return { ok: false, error: "Unknown invite." };
  return db.transaction(async (tx) => {
    const [link] = await tx
      .update(memberLink)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(memberLink.id, args.linkId),
          eq(memberLink.kind, "invite"),
          isNull(memberLink.usedAt),
          isNull(memberLink.revokedAt),
        ),
      )
      .returning({ id: memberLink.id, email: memberLink.email, role: memberLink.role });
    if (!link) return { ok: false as const, error: "This invite was already used or revoked." };
    await recordAudit(tx, args.actor, {
      action: "member.invite_revoke",
      objectType: "member_link",
      objectId: link.id,
      objectLabel: link.email,
      before: { email: link.email, role: link.role, revoked: false },
      after: { revoked: true },
    });
    return { ok: true as const };
  });
}

/**
 * A password-reset link for an active account. Earlier unused reset links of the account are revoked in the
 * same transaction: only the newest link works.
 */
export async function createResetLink(
  db: Db,
  args: { admin: Admin | null; actor: AuditActor; userId: string; baseUrl: string; now?: Date },
): Promise<CreatedLink | Refusal> {
  // admin null: the shell (`npm run user:reset`), which has the database's own authority.
  if (args.admin && !isAdminRole(args.admin.role)) return { ok: false, error: NOT_ADMIN };
  const now = args.now ?? new Date();
  const token = newLinkToken();
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({
        id: user.id,
        email: user.email,
        role: user.role,
        deactivatedAt: user.deactivatedAt,
        removedAt: user.removedAt,
      })
      .from(user)
      .where(eq(user.id, args.userId))
      .for("update");
    if (!target || target.removedAt) return { ok: false as const, error: "Unknown member." };
    if (target.deactivatedAt) return { ok: false as const, error: "Reactivate the account first." };
    if (
      args.admin &&
      target.role === "owner" &&
      asRole(args.admin.role) !== "owner" &&
      target.id !== args.admin.id
    )
      return { ok: false as const, error: "Only an owner can reset an owner's password." };
    await tx
      .update(memberLink)
      .set({ revokedAt: now })
      .where(and(eq(memberLink.kind, "reset"), eq(memberLink.userId, target.id), ...pendingConditions(now)));
    const expiresAt = new Date(now.getTime() + TTL_MS.reset);
    const [link] = await tx
      .insert(memberLink)
      .values({
        kind: "reset",
        email: target.email,
        userId: target.id,
        tokenHash: hashLinkToken(token),
        createdBy: args.admin?.id ?? null,
        createdAt: now,
        expiresAt,
      })
      .returning({ id: memberLink.id });
    if (!link) throw new Error("reset link insert returned no row");
    await recordAudit(tx, args.actor, {
      action: "member.reset_link",
      objectType: "user",
      objectId: target.id,
      objectLabel: target.email,
      after: { linkId: link.id, expiresAt: expiresAt.toISOString() },
    });
    return {
      ok: true as const,
      id: link.id,
      url: linkUrl(args.baseUrl, "reset", token),
      email: target.email,
      expiresAt,
    };
  });
}
