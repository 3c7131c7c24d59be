// Issue 14, point 6: one's own name and sessions. Real PostgreSQL; sessions made by real sign-ins.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditLog, session, user } from "@/db/schema";
import { userActor } from "@/lib/audit/record";
import { getCurrentSession } from "@/lib/auth/session";
import { listOwnSessions, renameSelf, revokeOwnSessions } from "@/lib/profile/profile";
import { openTestDb } from "../helpers/db";
import { createUser, signIn } from "../helpers/users";

describe("profile", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(() => handle.close());

  it("renames oneself with an audit row of before and after; an empty name is refused", async () => {
    const me = await createUser(handle.db, "viewer");
    const actor = userActor(me, null);
    expect(await renameSelf(handle.db, { userId: me.id, actor, name: "   " })).toEqual({
      ok: false,
      error: "Enter a name.",
    });
    expect(await renameSelf(handle.db, { userId: me.id, actor, name: "  Vee  " })).toEqual({ ok: true });
    const [row] = await handle.db.select().from(user).where(eq(user.id, me.id));
    expect(row?.name).toBe("Vee");
    const [audit] = await handle.db.select().from(auditLog).where(eq(auditLog.objectId, me.id));
    expect(audit).toMatchObject({
      action: "profile.name",
      before: { name: "Test viewer" },
      after: { name: "Vee" },
    });
  });

  it("revokes one other session, then all others, never the current one nor another user's", async () => {
    const me = await createUser(handle.db, "member");
    const someoneElse = await createUser(handle.db, "member");
    const theirs = await signIn(someoneElse);
    const cookies = [await signIn(me), await signIn(me), await signIn(me)];
    const current = await getCurrentSession(new Headers({ cookie: cookies[0] ?? "" }));
    if (!current) throw new Error("not signed in");
    const mine = await listOwnSessions({ db: handle.db, userId: me.id });
    expect(mine).toHaveLength(3);
    const tokens = (
      await handle.db.select({ token: session.token }).from(session).where(eq(session.userId, me.id))
    ).map((s) => s.token);
    const other = mine.find((s) => s.id !== current.sessionId);
    if (!other) throw new Error("no other session");
    const base = {
      userId: me.id,
      email: me.email,
      currentSessionId: current.sessionId,
      actor: userActor(me, null),
    };

    expect(await revokeOwnSessions(handle.db, { ...base, sessionId: current.sessionId })).toMatchObject({
      ok: false,
    });
    const [foreign] = await handle.db.select().from(session).where(eq(session.userId, someoneElse.id));
    expect(await revokeOwnSessions(handle.db, { ...base, sessionId: foreign?.id ?? "" })).toEqual({
      ok: false,
      error: "That session has already ended.",
    });
    expect(await revokeOwnSessions(handle.db, { ...base, sessionId: other.id })).toEqual({
      ok: true,
      ended: 1,
    });
    expect(await listOwnSessions({ db: handle.db, userId: me.id })).toHaveLength(2);
    // "Sign out other sessions": 3 - 1 revoked - the current one = 1 more ended.
    expect(await revokeOwnSessions(handle.db, { ...base, sessionId: null })).toEqual({ ok: true, ended: 1 });
    const left = await listOwnSessions({ db: handle.db, userId: me.id });
    expect(left.map((s) => s.id)).toEqual([current.sessionId]);
    expect(await getCurrentSession(new Headers({ cookie: theirs }))).not.toBeNull();
    const audit = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectId, me.id))
      .orderBy(auditLog.id);
    expect(audit.map((a) => [a.action, a.after])).toEqual([
      ["session.revoke", { ended: 1, others: false }],
      ["session.revoke", { ended: 1, others: true }],
    ]);
    // Session ids are recorded; the session tokens (the cookie's secret) never are.
    for (const token of tokens) expect(JSON.stringify(audit)).not.toContain(token);
  });
});
