// The signed-in person's own account: name, sessions. (The password goes through better-auth's changePassword,
// in actions.ts, which checks the current password with its own hasher.)
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { session, user } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";

export const nameSchema = z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters.");

export async function renameSelf(
  db: Db,
  args: { userId: string; actor: AuditActor; name: string },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const parsed = nameSchema.safeParse(args.name);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid name" };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: user.name, email: user.email })
      .from(user)
      .where(eq(user.id, args.userId))
      .for("update");
    if (!before) return { ok: false as const, error: "Unknown account." };
    if (before.name === parsed.data) return { ok: true as const };
    await tx.update(user).set({ name: parsed.data, updatedAt: sql`now()` }).where(eq(user.id, args.userId));
    await recordAudit(tx, args.actor, {
      action: "profile.name",
      objectType: "user",
      objectId: args.userId,
      objectLabel: before.email,
      before: { name: before.name },
      after: { name: parsed.data },
    });
    return { ok: true as const };
  });
}

export type OwnSession = {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
};

/** The user's unexpired sessions, most recently active first (a person has a handful; 100 bounds a runaway). */
export async function listOwnSessions({ db, userId }: { db: Db; userId: string }): Promise<OwnSession[]> {
  return db
    .select({
      id: session.id,
      userAgent: session.userAgent,
      ipAddress: session.ipAddress,
      createdAt: session.createdAt,
      updatedAt: session.updatedAt,
      expiresAt: session.expiresAt,
    })
    .from(session)
    .where(and(eq(session.userId, userId), sql`${session.expiresAt} > now()`))
    .orderBy(desc(session.updatedAt))
    .limit(100);
}

/** Ends one of the user's own sessions (never another user's), or all but the current one (sessionId null). */
export async function revokeOwnSessions(
  db: Db,
  args: {
    userId: string;
    email: string;
    currentSessionId: string;
    sessionId: string | null;
    actor: AuditActor;
  },
): Promise<{ ok: true; ended: number } | { ok: false; error: string }> {
  if (args.sessionId !== null && !z.string().min(1).max(200).safeParse(args.sessionId).success)
    return { ok: false, error: "Unknown session." };
  if (args.sessionId === args.currentSessionId)
    return { ok: false, error: "This is the session you are using: sign out instead." };
  return db.transaction(async (tx) => {
    const ended = await tx
      .delete(session)
      .where(
        and(
          eq(session.userId, args.userId),
          ne(session.id, args.currentSessionId),
          args.sessionId === null ? undefined : eq(session.id, args.sessionId),
        ),
      )
      .returning({ id: session.id, userAgent: session.userAgent, ipAddress: session.ipAddress });
    if (args.sessionId !== null && ended.length === 0)
      return { ok: false as const, error: "That session has already ended." };
    if (ended.length > 0)
      await recordAudit(tx, args.actor, {
        action: "session.revoke",
        objectType: "user",
        objectId: args.userId,
        objectLabel: args.email,
        before: { sessions: ended.map((s) => ({ id: s.id, userAgent: s.userAgent, ip: s.ipAddress })) },
        after: { ended: ended.length, others: args.sessionId === null },
      });
    return { ok: true as const, ended: ended.length };
  });
}
