// Issue 14, point 4: password-reset links. Real PostgreSQL (the shared test database; every test uses its own
// accounts); sign-ins go through the console's real better-auth route.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { memberLink, session } from "@/db/schema";
import { systemActor, userActor } from "@/lib/audit/record";
import { resetPassword } from "@/lib/members/accept";
import { createResetLink } from "@/lib/members/links";
import { openTestDb } from "../helpers/db";
import { createUser, signIn } from "../helpers/users";

const BASE = "http://fleet.example";
const tokenOf = (url: string) => url.split("/").pop() ?? "";

describe("password-reset links", () => {
  let handle: DbHandle;
  let owner: { id: string; email: string; role: string };
  beforeAll(async () => {
    handle = await openTestDb();
    owner = { ...(await createUser(handle.db, "owner")), role: "owner" };
  });
  afterAll(() => handle.close());

  it("a reset link (24 h) sets a password that then signs in, ends the sessions, and works once", async () => {
    const member = await createUser(handle.db, "member", "old password 1");
    await signIn(member);
    const link = await createResetLink(handle.db, {
      admin: owner,
      actor: userActor(owner, null),
      userId: member.id,
      baseUrl: BASE,
    });
    if (!link.ok) throw new Error(link.error);
    expect(link.url).toMatch(/\/reset\/[A-Za-z0-9_-]{43}$/);
    const [stored] = await handle.db.select().from(memberLink).where(eq(memberLink.id, link.id));
    // 24 h = 86,400,000 ms.
    expect((stored?.expiresAt.getTime() ?? 0) - (stored?.createdAt.getTime() ?? 0)).toBe(86_400_000);

    const done = await resetPassword(handle.db, {
      token: tokenOf(link.url),
      password: "new password 2",
      headers: null,
    });
    expect(done.ok).toBe(true);
    expect(await handle.db.select().from(session).where(eq(session.userId, member.id))).toHaveLength(0);
    await expect(signIn({ email: member.email, password: "new password 2" })).resolves.toMatch(
      /session_token=/,
    );
    await expect(signIn({ email: member.email, password: "old password 1" })).rejects.toThrow(/401/);
    const again = await resetPassword(handle.db, {
      token: tokenOf(link.url),
      password: "third password",
      headers: null,
    });
    expect(again).toEqual({ ok: false, error: expect.stringContaining("already used") });
  });

  it("a newer reset link revokes the older one; an admin cannot reset an owner's password", async () => {
    const member = await createUser(handle.db, "member");
    const make = () =>
      createResetLink(handle.db, {
        admin: null,
        actor: systemActor("cli"),
        userId: member.id,
        baseUrl: BASE,
      });
    const [older, newer] = [await make(), await make()];
    if (!older.ok || !newer.ok) throw new Error("reset link refused");
    const stale = await resetPassword(handle.db, {
      token: tokenOf(older.url),
      password: "password one",
      headers: null,
    });
    expect(stale).toEqual({ ok: false, error: expect.stringContaining("revoked") });
    expect(
      (await resetPassword(handle.db, { token: tokenOf(newer.url), password: "password two", headers: null }))
        .ok,
    ).toBe(true);
    const admin = { ...(await createUser(handle.db, "admin")), role: "admin" };
    const refused = await createResetLink(handle.db, {
      admin,
      actor: userActor(admin, null),
      userId: owner.id,
      baseUrl: BASE,
    });
    expect(refused).toEqual({ ok: false, error: "Only an owner can reset an owner's password." });
  });
});
