// Issue 14, point 1: invite links (and the audit of invite, join and reset). Real PostgreSQL (the shared test
// database; every test uses its own addresses) and a real SMTP server on localhost.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { account, auditLog, memberLink, projectAccess, user } from "@/db/schema";
import { userActor } from "@/lib/audit/record";
import { acceptInvite, resetPassword } from "@/lib/members/accept";
import { createInvite, createResetLink, revokeInvite } from "@/lib/members/links";
import { mailLink } from "@/lib/members/mail";
import { hashLinkToken } from "@/lib/members/tokens";
import { createTestProject, openTestDb } from "../helpers/db";
import { startSmtpSink } from "../helpers/smtp";
import { createUser, signIn } from "../helpers/users";

const BASE = "http://fleet.example";
const tokenOf = (url: string) => url.split("/").pop() ?? "";
const uniqueEmail = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 10)}@fleet.test`;

describe("invite and reset links", () => {
  let handle: DbHandle;
  let owner: { id: string; email: string; role: string };
  beforeAll(async () => {
    handle = await openTestDb();
    owner = { ...(await createUser(handle.db, "owner")), role: "owner" };
  });
  afterAll(() => handle.close());

  async function invite(
    role: "member" | "viewer" | "admin" | "owner",
    extra: { projectIds?: string[] } = {},
  ) {
    const email = uniqueEmail(role);
    const created = await createInvite(handle.db, {
      admin: owner,
      actor: userActor(owner, null),
      input: { email: email.toUpperCase(), role, ...extra },
      baseUrl: BASE,
    });
    if (!created.ok) throw new Error(created.error);
    return { ...created, token: tokenOf(created.url), email };
  }

  it("an invite link works once: it creates the account with the invite's role, then refuses a second use", async () => {
    const inv = await invite("viewer");
    // The URL is <base>/invite/<43 base64url chars> (32 bytes); only its SHA-256 is stored.
    expect(inv.url).toMatch(/^http:\/\/fleet\.example\/invite\/[A-Za-z0-9_-]{43}$/);
    const [stored] = await handle.db.select().from(memberLink).where(eq(memberLink.id, inv.id));
    expect(stored?.tokenHash).toBe(hashLinkToken(inv.token));
    expect(stored?.email).toBe(inv.email); // lower-cased from the upper-case input
    // 7 days = 604,800,000 ms after creation.
    expect((stored?.expiresAt.getTime() ?? 0) - (stored?.createdAt.getTime() ?? 0)).toBe(604_800_000);

    const first = await acceptInvite(handle.db, {
      token: inv.token,
      input: { name: "Vera Viewer", password: "viewer password 1" },
      headers: null,
    });
    expect(first.ok).toBe(true);
    const [created] = await handle.db.select().from(user).where(eq(user.email, inv.email));
    expect(created).toMatchObject({ name: "Vera Viewer", role: "viewer", allProjects: true });
    // better-auth's own sign-in accepts the password (its hasher made the hash).
    await expect(signIn({ email: inv.email, password: "viewer password 1" })).resolves.toMatch(
      /session_token=/,
    );

    const second = await acceptInvite(handle.db, {
      token: inv.token,
      input: { name: "Mallory", password: "another password" },
      headers: null,
    });
    expect(second).toEqual({ ok: false, error: expect.stringContaining("already used") });
    expect(await handle.db.select().from(user).where(eq(user.email, inv.email))).toHaveLength(1);
  });

  it("an invite limited to projects creates project_access rows and all_projects = false", async () => {
    const [a, b] = [await createTestProject(handle), await createTestProject(handle)];
    const inv = await invite("member", { projectIds: [a.id, b.id] });
    const accepted = await acceptInvite(handle.db, {
      token: inv.token,
      input: { name: "Mo", password: "member password" },
      headers: null,
    });
    if (!accepted.ok) throw new Error(accepted.error);
    const [row] = await handle.db.select().from(user).where(eq(user.id, accepted.userId));
    expect(row?.allProjects).toBe(false);
    const access = await handle.db
      .select()
      .from(projectAccess)
      .where(eq(projectAccess.userId, accepted.userId));
    expect(access.map((r) => r.projectId).sort()).toEqual([a.id, b.id].sort());
  });

  it("an expired invite (expires_at in the past) is refused and creates nobody", async () => {
    const inv = await invite("member");
    await handle.db
      .update(memberLink)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(memberLink.id, inv.id));
    const result = await acceptInvite(handle.db, {
      token: inv.token,
      input: { name: "Late", password: "member password" },
      headers: null,
    });
    expect(result).toEqual({ ok: false, error: expect.stringContaining("expired") });
    expect(await handle.db.select().from(user).where(eq(user.email, inv.email))).toHaveLength(0);
  });

  it("a revoked invite is refused; an unknown or malformed token gets a clear refusal", async () => {
    const inv = await invite("member");
    const revoked = await revokeInvite(handle.db, {
      admin: owner,
      actor: userActor(owner, null),
      linkId: inv.id,
    });
    expect(revoked.ok).toBe(true);
    const input = { name: "Nope", password: "member password" };
    expect(await acceptInvite(handle.db, { token: inv.token, input, headers: null })).toEqual({
      ok: false,
      error: expect.stringContaining("revoked"),
    });
    for (const token of ["x".repeat(43), "../../etc/passwd", ""]) {
      expect(await acceptInvite(handle.db, { token, input, headers: null })).toEqual({
        ok: false,
        error: expect.stringContaining("not valid"),
      });
    }
  });

  it("five concurrent accepts of one invite create exactly one user", async () => {
    const inv = await invite("member");
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        acceptInvite(handle.db, {
          token: inv.token,
          input: { name: `Racer ${i}`, password: `racer password ${i}` },
          headers: null,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // The other four waited on the link row's lock and then found it used (not merely the email taken).
    expect(results.filter((r) => !r.ok)).toEqual(
      Array.from({ length: 4 }, () => ({ ok: false, error: expect.stringContaining("already used") })),
    );
    expect(await handle.db.select().from(user).where(eq(user.email, inv.email))).toHaveLength(1);
  });

  it("only an owner invites an owner; an email with an account or a pending invite is refused", async () => {
    const admin = { ...(await createUser(handle.db, "admin")), role: "admin" };
    const byAdmin = await createInvite(handle.db, {
      admin,
      actor: userActor(admin, null),
      input: { email: uniqueEmail("o"), role: "owner" },
      baseUrl: BASE,
    });
    expect(byAdmin).toEqual({ ok: false, error: "Only an owner can invite an owner." });
    const member = { ...(await createUser(handle.db, "member")), role: "member" };
    const byMember = await createInvite(handle.db, {
      admin: member,
      actor: userActor(member, null),
      input: { email: uniqueEmail("m"), role: "viewer" },
      baseUrl: BASE,
    });
    expect(byMember.ok).toBe(false);
    const taken = await createInvite(handle.db, {
      admin: owner,
      actor: userActor(owner, null),
      input: { email: admin.email, role: "viewer" },
      baseUrl: BASE,
    });
    expect(taken).toEqual({ ok: false, error: `${admin.email} already has an account.` });
    const inv = await invite("viewer");
    const again = await createInvite(handle.db, {
      admin: owner,
      actor: userActor(owner, null),
      input: { email: inv.email, role: "viewer" },
      baseUrl: BASE,
    });
    expect(again).toEqual({ ok: false, error: expect.stringContaining("pending invite") });
  });

  it("the invite mail arrives at the SMTP server with the link; a dead server is reported, not thrown", async () => {
    const sink = await startSmtpSink();
    try {
      const inv = await invite("member");
      const outcome = await mailLink(
        { kind: "invite", to: inv.email, url: inv.url, expiresAt: inv.expiresAt, by: "Ada <script>" },
        { smtpUrl: sink.url, from: "Fleetwatch <fw@fleet.test>" },
      );
      expect(outcome).toEqual({ status: "sent" });
      const [mail] = await sink.waitFor(1);
      expect(mail?.to).toEqual([inv.email]);
      expect(mail?.subject).toBe("You are invited to Fleetwatch");
      expect(mail?.text).toContain(inv.url);
      expect(mail?.html).toContain(`href="${inv.url}"`);
      expect(mail?.html).toContain("Ada &lt;script&gt;"); // the inviter's name is escaped in HTML
    } finally {
      await sink.close();
    }
    // Port 9 (discard) on localhost: nothing listens, the connection is refused.
    const failed = await mailLink(
      { kind: "invite", to: "x@fleet.test", url: `${BASE}/invite/t`, expiresAt: new Date(), by: null },
      { smtpUrl: "smtp://127.0.0.1:9", from: "fw@fleet.test" },
    );
    expect(failed.status).toBe("failed");
    expect(
      await mailLink({ kind: "reset", to: "x@fleet.test", url: "u", expiresAt: new Date(), by: null }, null),
    ).toEqual({
      status: "not_configured",
    });
  });

  it("audit rows record invite, join, reset link and reset with before/after and never a secret", async () => {
    const inv = await invite("member");
    const accepted = await acceptInvite(handle.db, {
      token: inv.token,
      input: { name: "Audited", password: "audited password 1" },
      headers: new Headers({ "user-agent": "vitest" }),
    });
    if (!accepted.ok) throw new Error(accepted.error);
    const link = await createResetLink(handle.db, {
      admin: owner,
      actor: userActor(owner, null),
      userId: accepted.userId,
      baseUrl: BASE,
    });
    if (!link.ok) throw new Error(link.error);
    await resetPassword(handle.db, {
      token: tokenOf(link.url),
      password: "audited password 2",
      headers: null,
    });
    const rows = await handle.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.objectId} in (${inv.id}, ${accepted.userId})`)
      .orderBy(auditLog.id);
    expect(rows.map((r) => [r.action, r.actorLabel])).toEqual([
      ["member.invite", owner.email],
      ["member.join", inv.email],
      ["member.reset_link", owner.email],
      ["member.password_reset", inv.email],
    ]);
    expect(rows[0]?.after).toMatchObject({ email: inv.email, role: "member", projectIds: null });
    expect(rows[1]?.after).toMatchObject({
      email: inv.email,
      name: "Audited",
      role: "member",
      allProjects: true,
    });
    expect(rows[1]?.userAgent).toBe("vitest");
    // acceptInvite itself signs nobody in (the page's action does, after it): no session to end here.
    expect(rows[3]?.before).toEqual({ sessions: 0 });
    expect(rows[3]?.after).toMatchObject({ passwordChanged: true, sessions: 0 });
    const [cred] = await handle.db
      .select({ password: account.password })
      .from(account)
      .where(and(eq(account.userId, accepted.userId), eq(account.providerId, "credential")));
    const everything = JSON.stringify(rows);
    for (const secret of [
      inv.token,
      hashLinkToken(inv.token),
      tokenOf(link.url),
      "audited password",
      cred?.password ?? "-",
    ])
      expect(everything).not.toContain(secret);
  });
});
