// Issue 14, points 1 and 5: what admins do to accounts, and how the session follows. Real PostgreSQL; sign-ins
// go through the console's real better-auth route.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { account, auditLog, failureIssue, session, user } from "@/db/schema";
import { systemActor, userActor } from "@/lib/audit/record";
import { getAuth } from "@/lib/auth/server";
import { getSessionUser } from "@/lib/auth/session";
import { getIssue } from "@/lib/failures/queries";
import { applyTriage } from "@/lib/failures/triage";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createInvite } from "@/lib/members/links";
import { changeRole, removeMember, setDeactivated, signOutEverywhere } from "@/lib/members/manage";
import { createTestProject, openTestDb } from "../helpers/db";
import { failingJob } from "../helpers/failures";
import { openFreshDb } from "../helpers/fresh-db";
import { createUser, signIn } from "../helpers/users";

const withCookie = (cookie: string) => new Headers({ cookie });
const sessionsOf = (handle: DbHandle, userId: string) =>
  handle.db.select().from(session).where(eq(session.userId, userId));

describe("managing members (shared database)", () => {
  let handle: DbHandle;
  let owner: { id: string; email: string; role: string };
  beforeAll(async () => {
    handle = await openTestDb();
    owner = { ...(await createUser(handle.db, "owner")), role: "owner" };
  });
  afterAll(() => handle.close());
  const as = (a: typeof owner) => ({ admin: a, actor: userActor(a, null) });

  it("better-auth's session cookie cache is off, so a deleted session ends at once", async () => {
    const auth = await getAuth();
    const options = auth.options.session as { cookieCache?: { enabled?: boolean } } | undefined;
    expect(options?.cookieCache?.enabled ?? false).toBe(false);
  });

  it("deactivation deletes the sessions; reactivation lets the member sign in again", async () => {
    const member = await createUser(handle.db, "member");
    const cookie = await signIn(member);
    expect((await getSessionUser(withCookie(cookie)))?.id).toBe(member.id);
    expect(await setDeactivated(handle.db, { ...as(owner), userId: member.id, deactivated: true })).toEqual({
      ok: true,
    });
    expect(await sessionsOf(handle, member.id)).toHaveLength(0);
    expect(await getSessionUser(withCookie(cookie))).toBeNull();
    // The right password no longer opens a session: sign-in answers 403 and leaves no session row.
    await expect(signIn(member)).rejects.toThrow(/403.*deactivated/);
    expect(await sessionsOf(handle, member.id)).toHaveLength(0);
    expect(await setDeactivated(handle.db, { ...as(owner), userId: member.id, deactivated: false })).toEqual({
      ok: true,
    });
    expect((await getSessionUser(withCookie(await signIn(member))))?.id).toBe(member.id);
    const audit = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectId, member.id))
      .orderBy(auditLog.id);
    expect(audit.map((r) => [r.action, r.before, r.after])).toEqual([
      ["member.deactivate", { deactivated: false }, { deactivated: true, sessionsEnded: 1 }],
      ["member.reactivate", { deactivated: true }, { deactivated: false }],
    ]);
  });

  it("getSessionUser returns null for a deactivated or removed user whose session row survived", async () => {
    const member = await createUser(handle.db, "member");
    const cookie = await signIn(member);
    // Set straight in the table: the session row stays, as if a deletion had been missed.
    await handle.db.update(user).set({ deactivatedAt: sql`now()` }).where(eq(user.id, member.id));
    expect(await sessionsOf(handle, member.id)).toHaveLength(1);
    expect(await getSessionUser(withCookie(cookie))).toBeNull();
    await handle.db
      .update(user)
      .set({ deactivatedAt: null, removedAt: sql`now()` })
      .where(eq(user.id, member.id));
    expect(await getSessionUser(withCookie(cookie))).toBeNull();
  });

  it("last_seen_at is set on a request and not rewritten within the minute", async () => {
    const member = await createUser(handle.db, "viewer");
    const cookie = await signIn(member);
    await getSessionUser(withCookie(cookie));
    const seen = async () => {
      // The update is not awaited by getSessionUser: poll briefly for it.
      for (let i = 0; i < 50; i++) {
        const [row] = await handle.db
          .select({ at: user.lastSeenAt })
          .from(user)
          .where(eq(user.id, member.id));
        if (row?.at) return row.at;
        await new Promise((r) => setTimeout(r, 20));
      }
      return null;
    };
    const first = await seen();
    expect(first).not.toBeNull();
    await getSessionUser(withCookie(cookie));
    await new Promise((r) => setTimeout(r, 200));
    expect((await seen())?.getTime()).toBe(first?.getTime());
    // Two minutes ago: the next request moves it forward.
    await handle.db
      .update(user)
      .set({ lastSeenAt: sql`now() - interval '2 minutes'` })
      .where(eq(user.id, member.id));
    const old = await seen();
    await getSessionUser(withCookie(cookie));
    let later = old;
    for (let i = 0; i < 50 && later?.getTime() === old?.getTime(); i++) {
      await new Promise((r) => setTimeout(r, 20));
      later = await seen();
    }
    expect(later?.getTime()).toBeGreaterThan(old?.getTime() ?? 0);
  });

  it("sign out everywhere deletes every session of the member", async () => {
    const member = await createUser(handle.db, "member");
    const [a, b] = [await signIn(member), await signIn(member)];
    expect(await sessionsOf(handle, member.id)).toHaveLength(2);
    expect(await signOutEverywhere(handle.db, { ...as(owner), userId: member.id })).toEqual({ ok: true });
    expect(await getSessionUser(withCookie(a))).toBeNull();
    expect(await getSessionUser(withCookie(b))).toBeNull();
    const [row] = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "member.signout_all"))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(row).toMatchObject({ objectId: member.id, before: { sessions: 2 }, after: { sessions: 0 } });
  });

  it("removal keeps the row (name stays) but frees the email for a new invite and deletes credentials", async () => {
    const member = await createUser(handle.db, "member");
    const cookie = await signIn(member);
    expect(await removeMember(handle.db, { ...as(owner), userId: member.id })).toEqual({ ok: true });
    const [row] = await handle.db.select().from(user).where(eq(user.id, member.id));
    expect(row).toMatchObject({ name: "Test member", email: `removed-${member.id}@invalid` });
    expect(row?.removedAt).not.toBeNull();
    expect(await handle.db.select().from(account).where(eq(account.userId, member.id))).toHaveLength(0);
    expect(await getSessionUser(withCookie(cookie))).toBeNull();
    const again = await createInvite(handle.db, {
      ...as(owner),
      input: { email: member.email, role: "viewer" },
      baseUrl: "http://x",
    });
    expect(again.ok).toBe(true);
  });

  it("a removed member's name stays on the issue they triaged (assignee and activity)", async () => {
    const member = await createUser(handle.db, "member");
    const { id: projectId } = await createTestProject(handle);
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: failingJob("Error: disk quota", 10),
    });
    const [issue] = await handle.db.select().from(failureIssue).where(eq(failureIssue.projectId, projectId));
    if (!issue) throw new Error("no issue");
    const triage = (action: Parameters<typeof applyTriage>[0]["action"]) =>
      applyTriage({
        db: handle.db,
        projectId,
        issueId: issue.id,
        userId: member.id,
        action,
        actor: systemActor("test"),
      });
    await triage({ action: "assign", user_id: member.id });
    await triage({ action: "note", text: "quota raised" });
    expect(await removeMember(handle.db, { ...as(owner), userId: member.id })).toEqual({ ok: true });
    const detail = await getIssue({ db: handle.db, projectId, id: issue.id });
    expect(detail?.assignee?.name).toBe("Test member");
    expect(detail?.activity.map((a) => a.user?.name)).toEqual(["Test member", "Test member"]);
    // Nobody can assign an issue to the removed account any more.
    await expect(
      applyTriage({
        db: handle.db,
        projectId,
        issueId: issue.id,
        userId: owner.id,
        actor: systemActor("test"),
        action: { action: "assign", user_id: member.id },
      }),
    ).rejects.toThrow("That person can't be assigned here");
  });

  it("admins cannot touch owners or make one; nobody changes their own role", async () => {
    const admin = { ...(await createUser(handle.db, "admin")), role: "admin" };
    const member = await createUser(handle.db, "member");
    expect(await changeRole(handle.db, { ...as(admin), userId: owner.id, role: "admin" })).toEqual({
      ok: false,
      error: "Only an owner can change the role of an owner.",
    });
    expect(await changeRole(handle.db, { ...as(admin), userId: member.id, role: "owner" })).toEqual({
      ok: false,
      error: "Only an owner can make someone an owner.",
    });
    expect(
      await setDeactivated(handle.db, { ...as(admin), userId: owner.id, deactivated: true }),
    ).toMatchObject({ ok: false });
    expect(await changeRole(handle.db, { ...as(admin), userId: admin.id, role: "member" })).toEqual({
      ok: false,
      error: "You cannot change the role of your own account.",
    });
    expect(await changeRole(handle.db, { ...as(admin), userId: member.id, role: "nobody" })).toMatchObject({
      ok: false,
    });
    expect(await changeRole(handle.db, { ...as(admin), userId: member.id, role: "viewer" })).toEqual({
      ok: true,
    });
    const [row] = await handle.db.select().from(auditLog).where(eq(auditLog.objectId, member.id));
    expect(row).toMatchObject({
      action: "member.role",
      before: { role: "member" },
      after: { role: "viewer" },
    });
  });
});

describe("the last owner (a database of its own)", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    ({ handle } = await openFreshDb("fw_last_owner"));
  });
  afterAll(() => handle.close());

  it("the last active owner cannot be demoted, deactivated or removed; of two owners demoting each other, one wins", async () => {
    const a = { ...(await createUser(handle.db, "owner")), role: "owner" };
    const b = { ...(await createUser(handle.db, "owner")), role: "owner" };
    const as = (x: typeof a) => ({ admin: x, actor: userActor(x, null) });
    // Both at once: the advisory lock serialises them; the second sees one owner left and is refused.
    const results = await Promise.all([
      changeRole(handle.db, { ...as(a), userId: b.id, role: "admin" }),
      changeRole(handle.db, { ...as(b), userId: a.id, role: "admin" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: expect.stringContaining("last owner") });
    const owners = await handle.db.select().from(user).where(eq(user.role, "owner"));
    expect(owners).toHaveLength(1);
    const last = owners[0];
    if (!last) throw new Error("no owner left");
    // A second owner, deactivated, does not count: the active one is still the last.
    const c = { ...(await createUser(handle.db, "owner")), role: "owner" };
    expect(await setDeactivated(handle.db, { ...as(c), userId: c.id, deactivated: true })).toMatchObject({
      ok: false,
    });
    await handle.db.update(user).set({ deactivatedAt: sql`now()` }).where(eq(user.id, c.id));
    for (const attempt of [
      changeRole(handle.db, { ...as(c), userId: last.id, role: "viewer" }),
      setDeactivated(handle.db, { ...as(c), userId: last.id, deactivated: true }),
      removeMember(handle.db, { ...as(c), userId: last.id }),
    ])
      expect(await attempt).toEqual({ ok: false, error: expect.stringContaining("last owner") });
  });
});
