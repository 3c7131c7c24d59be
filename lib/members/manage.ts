// What an admin does to another member's account: role, deactivate/reactivate, remove, sign out everywhere.
// Rules: admins manage admins, members and viewers; only an owner touches an owner or makes one; nobody changes
// their own role or deactivates/removes themselves; the last active owner stays an active owner. Every change
// here first takes one transaction-scoped advisory lock: two admins demoting the two last owners at once are
// serialised (the second counts after the first committed), and no two of these transactions can deadlock on
// each other's row locks. Membership changes are rare, so serialising them costs nothing.
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { account, memberLink, session, user } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { asRole, isAdminRole, ROLES } from "@/lib/auth/roles";
import type { Admin, Refusal } from "./links";

type Done = { ok: true };
type Target = typeof user.$inferSelect;

/** Key of the advisory lock that serialises membership changes ("fwme" in hex; any constant works). */
const MEMBERS_LOCK = 0x66776d65;
const NOT_ADMIN = "Only an admin can do this. Ask an admin of this console.";

/** Loads and locks the target, and checks the rules every change here shares. */
async function lockTarget(tx: Tx, admin: Admin, userId: string, verb: string): Promise<Target | Refusal> {
  if (!isAdminRole(admin.role)) return { ok: false, error: NOT_ADMIN };
  await tx.execute(sql`select pg_advisory_xact_lock(${MEMBERS_LOCK})`);
  if (!z.string().min(1).max(100).safeParse(userId).success) return { ok: false, error: "Unknown member." };
  const [target] = await tx.select().from(user).where(eq(user.id, userId)).for("update");
  if (!target || target.removedAt) return { ok: false, error: "Unknown member." };
  if (target.id === admin.id) return { ok: false, error: `You cannot ${verb} your own account.` };
  if (asRole(target.role) === "owner" && asRole(admin.role) !== "owner")
    return { ok: false, error: `Only an owner can ${verb} an owner.` };
  return target;
}

/** Refuses when `target` is the last active owner. */
async function lastOwnerRefusal(tx: Tx, target: Target, verb: string): Promise<Refusal | null> {
  if (asRole(target.role) !== "owner" || target.deactivatedAt) return null;
  const others = await tx
    .select({ id: user.id })
    .from(user)
    .where(
      and(eq(user.role, "owner"), ne(user.id, target.id), isNull(user.deactivatedAt), isNull(user.removedAt)),
    );
  return others.length > 0
    ? null
    : { ok: false, error: `This is the last owner: make someone else an owner before you ${verb} them.` };
}

const isRefusal = (v: Target | Refusal): v is Refusal => "ok" in v;

export async function changeRole(
  db: Db,
  args: { admin: Admin; actor: AuditActor; userId: string; role: string },
): Promise<Done | Refusal> {
  const role = z.enum(ROLES).safeParse(args.role);
  if (!role.success) return { ok: false, error: `Pick one of: ${ROLES.join(", ")}.` };
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, args.admin, args.userId, "change the role of");
    if (isRefusal(target)) return target;
    if (role.data === "owner" && asRole(args.admin.role) !== "owner")
      return { ok: false as const, error: "Only an owner can make someone an owner." };
    if (target.role === role.data) return { ok: true as const };
    if (role.data !== "owner") {
      const refused = await lastOwnerRefusal(tx, target, "demote");
      if (refused) return refused;
    }
    await tx.update(user).set({ role: role.data, updatedAt: sql`now()` }).where(eq(user.id, target.id));
    await recordAudit(tx, args.actor, {
      action: "member.role",
      objectType: "user",
      objectId: target.id,
      objectLabel: target.email,
      before: { role: target.role },
      after: { role: role.data },
    });
    return { ok: true as const };
  });
}

async function endSessions(tx: Tx, userId: string): Promise<number> {
  const rows = await tx.delete(session).where(eq(session.userId, userId)).returning({ id: session.id });
  return rows.length;
}

export async function setDeactivated(
  db: Db,
  args: { admin: Admin; actor: AuditActor; userId: string; deactivated: boolean },
): Promise<Done | Refusal> {
  const verb = args.deactivated ? "deactivate" : "reactivate";
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, args.admin, args.userId, verb);
    if (isRefusal(target)) return target;
    if (Boolean(target.deactivatedAt) === args.deactivated) return { ok: true as const };
    if (args.deactivated) {
      const refused = await lastOwnerRefusal(tx, target, verb);
      if (refused) return refused;
    }
    await tx
      .update(user)
      .set({ deactivatedAt: args.deactivated ? sql`now()` : null, updatedAt: sql`now()` })
      .where(eq(user.id, target.id));
    const ended = args.deactivated ? await endSessions(tx, target.id) : 0;
    await recordAudit(tx, args.actor, {
      action: args.deactivated ? "member.deactivate" : "member.reactivate",
      objectType: "user",
      objectId: target.id,
      objectLabel: target.email,
      before: { deactivated: !args.deactivated },
      after: args.deactivated ? { deactivated: true, sessionsEnded: ended } : { deactivated: false },
    });
    return { ok: true as const };
  });
}

/**
 * Removes a member: the row stays (issues, notes and the audit log keep their author's name) but the email is
 * freed for a new invite, and credentials, sessions and pending reset links go.
 */
export async function removeMember(
  db: Db,
  args: { admin: Admin; actor: AuditActor; userId: string },
): Promise<Done | Refusal> {
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, args.admin, args.userId, "remove");
    if (isRefusal(target)) return target;
    const refused = await lastOwnerRefusal(tx, target, "remove");
    if (refused) return refused;
    const freedEmail = `removed-${target.id}@invalid`;
    await tx
      .update(user)
      .set({ removedAt: sql`now()`, email: freedEmail, updatedAt: sql`now()` })
      .where(eq(user.id, target.id));
    const ended = await endSessions(tx, target.id);
    await tx.delete(account).where(eq(account.userId, target.id));
    await tx
      .update(memberLink)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(memberLink.userId, target.id), isNull(memberLink.usedAt), isNull(memberLink.revokedAt)));
    await recordAudit(tx, args.actor, {
      action: "member.remove",
      objectType: "user",
      objectId: target.id,
      objectLabel: target.email,
      before: { email: target.email, name: target.name, role: target.role },
      after: { removed: true, email: freedEmail, sessionsEnded: ended },
    });
    return { ok: true as const };
  });
}

export async function signOutEverywhere(
  db: Db,
  args: { admin: Admin; actor: AuditActor; userId: string },
): Promise<Done | Refusal> {
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, args.admin, args.userId, "sign out");
    if (isRefusal(target)) return target;
    const ended = await endSessions(tx, target.id);
    await recordAudit(tx, args.actor, {
      action: "member.signout_all",
      objectType: "user",
      objectId: target.id,
      objectLabel: target.email,
      before: { sessions: ended },
      after: { sessions: 0 },
    });
    return { ok: true as const };
  });
}
