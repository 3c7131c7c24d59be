// Issue 14, point 3: single sign-on through a real OpenID Connect provider on localhost. Who gets an account
// (invite, allowed domain, neither), who is refused (deactivated, before setup), and password sign-in off.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { account, auditLog, memberLink, projectAccess, user } from "@/db/schema";
import { handleAuthRequest } from "@/lib/auth/handler";
import { type Auth, buildAuth, ssoProviderOf } from "@/lib/auth/server";
import { invalidateSsoConfig, readSsoConfig, writeSsoRows } from "@/lib/auth/sso-config";
import { ensureProject } from "@/lib/projects/queries";
import { ORIGIN, signIn } from "../helpers/auth-requests";
import { openFreshDb } from "../helpers/fresh-db";
import { loginAtIdp, startOidcProvider, type TestIdp } from "../helpers/oidc-provider";
import { createUser } from "../helpers/users";

const SECRET = "sso-sign-in-test-secret-0123456789abcdef";
const CALLBACK = `${ORIGIN}/api/auth/callback/oidc`;

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");

/** A browser signing in with the IdP: the console's button, the IdP's pages, back to the console's callback. */
async function ssoSignIn(auth: Auth, login: string): Promise<{ location: string; cookies: string[] }> {
  const start = await handleAuthRequest(
    auth,
    new Request(`${ORIGIN}/api/auth/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, host: new URL(ORIGIN).host },
      body: JSON.stringify({ provider: "oidc", callbackURL: "/", errorCallbackURL: "/login" }),
    }),
  );
  expect(start.status, await start.clone().text()).toBe(200);
  const { url } = (await start.json()) as { url: string };
  const authorize = new URL(url);
  // PKCE with S256 and the three scopes, as the brief asks
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("scope")?.split(" ").sort()).toEqual(["email", "openid", "profile"]);
  const back = await loginAtIdp(url, login, ORIGIN);
  const callback = await handleAuthRequest(
    auth,
    new Request(back.href, { headers: { cookie: cookiesOf(start).join("; "), host: new URL(ORIGIN).host } }),
  );
  expect(callback.status).toBe(302);
  return { location: callback.headers.get("location") ?? "", cookies: cookiesOf(callback) };
}

describe("single sign-on with OpenID Connect", () => {
  let handle: DbHandle;
  let idp: TestIdp;
  let auth: Auth;

  beforeAll(async () => {
    ({ handle } = await openFreshDb("fw_sso"));
    idp = await startOidcProvider({
      redirectUris: [CALLBACK],
      people: [
        { email: "ada@allowed.test", emailVerified: true, name: "Ada Lovelace" },
        { email: "unverified@allowed.test", emailVerified: false, name: "Una Verified" },
        { email: "grace@elsewhere.test", emailVerified: true, name: "Grace Hopper" },
        { email: "invited@elsewhere.test", emailVerified: true, name: "Ivy Invited" },
        { email: "gone@allowed.test", emailVerified: true, name: "Gone Away" },
      ],
    });
    await writeSsoRows(handle.db, {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      label: "Test IdP",
      allowedDomains: "allowed.test",
      defaultRole: "member",
    });
    const provider = ssoProviderOf(await readSsoConfig(handle.db));
    expect(provider).not.toBeNull();
    auth = buildAuth(handle.db, SECRET, { sso: provider });
  });
  afterAll(async () => {
    await idp?.close();
    await handle?.close();
  });

  it("is refused before the first admin exists (setup first), and creates nothing", async () => {
    const { location } = await ssoSignIn(auth, "ada@allowed.test");
    expect(location).toMatch(/^\/login\?error=SSO_SETUP_FIRST/);
    expect(await handle.db.select().from(user)).toHaveLength(0);
  });

  it("admits a verified address of an allowed domain with the default role, signed in", async () => {
    await createUser(handle.db, "owner");
    const { location, cookies } = await ssoSignIn(auth, "ada@allowed.test");
    expect(location).toBe("/");
    expect(cookies.some((c) => c.startsWith("better-auth.session_token="))).toBe(true);
    const [ada] = await handle.db.select().from(user).where(eq(user.email, "ada@allowed.test"));
    // default role "member" (set above); domain sign-ups see all projects
    expect(ada).toMatchObject({
      name: "Ada Lovelace",
      role: "member",
      emailVerified: true,
      allProjects: true,
    });
    const accounts = await handle.db
      .select()
      .from(account)
      .where(eq(account.userId, ada?.id ?? ""));
    // the IdP's subject (its account id for Ada, which the test IdP keys by login) under our provider id
    expect(accounts.map((a) => [a.providerId, a.accountId])).toEqual([["oidc", "ada@allowed.test"]]);
    const [join] = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectId, ada?.id ?? ""));
    expect(join).toMatchObject({ action: "member.join", actorLabel: "ada@allowed.test" });
    expect(join?.after).toEqual({ via: "sso", role: "member", domain: "allowed.test" });

    // signing in again uses the same account (no second user, no second account row)
    expect((await ssoSignIn(auth, "ada@allowed.test")).location).toBe("/");
    expect(await handle.db.select().from(user).where(eq(user.email, "ada@allowed.test"))).toHaveLength(1);
  });

  it("refuses an allowed domain whose address the IdP has not verified", async () => {
    const { location } = await ssoSignIn(auth, "unverified@allowed.test");
    expect(location).toMatch(/^\/login\?error=SSO_INVITE_REQUIRED/);
    expect(await handle.db.select().from(user).where(eq(user.email, "unverified@allowed.test"))).toHaveLength(
      0,
    );
  });

  it("refuses another domain without an invite, with the reason", async () => {
    const { location } = await ssoSignIn(auth, "grace@elsewhere.test");
    const url = new URL(location, ORIGIN);
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("error")).toBe("SSO_INVITE_REQUIRED");
    expect(url.searchParams.get("error_description")).toContain("Your account needs an invite");
    expect(await handle.db.select().from(user).where(eq(user.email, "grace@elsewhere.test"))).toHaveLength(0);
  });

  it("admits an invited address with the invite's role and projects, and uses the invite up", async () => {
    const staging = await ensureProject({ db: handle.db, slug: `staging-${randomUUID().slice(0, 6)}` });
    const inviteId = randomUUID();
    await handle.db.insert(memberLink).values({
      id: inviteId,
      kind: "invite",
      email: "invited@elsewhere.test",
      role: "viewer",
      projectIds: [staging.id],
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + 3600_000),
    });
    expect((await ssoSignIn(auth, "invited@elsewhere.test")).location).toBe("/");
    const [ivy] = await handle.db.select().from(user).where(eq(user.email, "invited@elsewhere.test"));
    // the invite's role (viewer, not the domain default member), limited to the invite's one project
    expect(ivy).toMatchObject({ role: "viewer", allProjects: false });
    const access = await handle.db
      .select()
      .from(projectAccess)
      .where(eq(projectAccess.userId, ivy?.id ?? ""));
    expect(access.map((a) => a.projectId)).toEqual([staging.id]);
    const [link] = await handle.db.select().from(memberLink).where(eq(memberLink.id, inviteId));
    expect(link?.usedAt).toBeInstanceOf(Date);
  });

  it("refuses an expired or revoked invite like no invite", async () => {
    await handle.db.insert(memberLink).values([
      {
        kind: "invite",
        email: "grace@elsewhere.test",
        role: "admin",
        tokenHash: randomUUID(),
        expiresAt: new Date(Date.now() - 1000),
      },
      {
        kind: "invite",
        email: "grace@elsewhere.test",
        role: "admin",
        tokenHash: randomUUID(),
        expiresAt: new Date(Date.now() + 3600_000),
        revokedAt: new Date(),
      },
    ]);
    expect((await ssoSignIn(auth, "grace@elsewhere.test")).location).toMatch(/error=SSO_INVITE_REQUIRED/);
  });

  it("refuses a deactivated account, and links an existing password account on a verified address", async () => {
    // gone@allowed.test has a password account; the first IdP sign-in links the IdP account to it
    const goneId = randomUUID();
    await handle.db
      .insert(user)
      .values({ id: goneId, name: "Gone", email: "gone@allowed.test", role: "admin" });
    expect((await ssoSignIn(auth, "gone@allowed.test")).location).toBe("/");
    const linked = await handle.db
      .select()
      .from(account)
      .where(and(eq(account.userId, goneId), eq(account.providerId, "oidc")));
    expect(linked).toHaveLength(1);
    const [kept] = await handle.db.select().from(user).where(eq(user.id, goneId));
    expect(kept?.role).toBe("admin"); // an existing account keeps its role

    await handle.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, goneId));
    const { location, cookies } = await ssoSignIn(auth, "gone@allowed.test");
    expect(location).toMatch(/^\/login\?error=SSO_ACCOUNT_DEACTIVATED/);
    expect(cookies.some((c) => c.startsWith("better-auth.session_token=") && c.length > 30)).toBe(false);
  });

  it("password sign-in off: /sign-in/email answers 403 with the reason; on again: 200", async () => {
    const owner = await createUser(handle.db, "admin");
    expect((await signIn(auth, owner)).status).toBe(200);
    await writeSsoRows(handle.db, { passwordSignIn: "false" });
    invalidateSsoConfig(handle.db);
    const off = await signIn(auth, owner);
    expect(off.status).toBe(403);
    expect(((await off.json()) as { message: string }).message).toBe(
      "Password sign-in is turned off for this Fleetwatch. Sign in with Test IdP instead.",
    );
    await writeSsoRows(handle.db, { passwordSignIn: null });
    invalidateSsoConfig(handle.db);
    expect((await signIn(auth, owner)).status).toBe(200);
  });

  it("password sign-in stays on while SSO is not configured, whatever the setting says", async () => {
    const owner = await createUser(handle.db, "admin");
    await writeSsoRows(handle.db, { passwordSignIn: "false", clientSecret: null });
    invalidateSsoConfig(handle.db);
    try {
      expect((await readSsoConfig(handle.db)).passwordSignInEffective).toBe(true);
      expect((await signIn(auth, owner)).status).toBe(200);
    } finally {
      await writeSsoRows(handle.db, { passwordSignIn: null, clientSecret: idp.clientSecret });
      invalidateSsoConfig(handle.db);
    }
  });
});
