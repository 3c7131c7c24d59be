// Issue 14, point 3: saving Settings > Single sign-on. The issuer is checked against a real discovery document
// (oidc-provider on localhost), password sign-in cannot go away without SSO, env locks fields, and the audit
// entry never holds the secret.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditLog } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { readSsoRows } from "@/lib/auth/sso-config";
import { type SsoSettingsInput, saveSsoSettings } from "@/lib/auth/sso-settings";
import { openFreshDb } from "../helpers/fresh-db";
import { startOidcProvider, type TestIdp } from "../helpers/oidc-provider";

const actor = systemActor("sso-settings-test");

describe("saving the single sign-on settings", () => {
  let handle: DbHandle;
  let idp: TestIdp;
  let input: SsoSettingsInput;
  const save = (over: Partial<SsoSettingsInput>, opts: { env?: Record<string, string> } = {}) =>
    saveSsoSettings({ db: handle.db, actor, input: { ...input, ...over }, allowPrivate: true, ...opts });

  beforeAll(async () => {
    ({ handle } = await openFreshDb("fw_sso_settings"));
    idp = await startOidcProvider({ redirectUris: ["http://localhost:3000/api/auth/callback/oidc"] });
    input = {
      issuer: `${idp.issuer}/`, // a trailing slash as people paste it; the discovery document's issuer is stored
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      label: "Okta",
      allowedDomains: " Example.com, @example.org ",
      defaultRole: "member",
      passwordSignIn: true,
    };
  });
  afterAll(async () => {
    await idp?.close();
    await handle?.close();
  });

  it("refuses to turn password sign-in off while SSO is not configured", async () => {
    const r = await save({ issuer: "", passwordSignIn: false });
    expect(r).toEqual({
      ok: false,
      error: expect.stringContaining("Password sign-in can only be turned off"),
    });
    expect(await readSsoRows(handle.db)).toEqual({});
  });

  it("refuses an issuer without a discovery document, a loopback issuer unless allowed, and a bad domain", async () => {
    const missing = await save({ issuer: `${idp.issuer}/nope` });
    expect(missing).toEqual({ ok: false, error: expect.stringContaining("answered HTTP 404") });
    const loopback = await saveSsoSettings({ db: handle.db, actor, input, allowPrivate: false });
    // http on loopback: refused on the scheme before any request is made
    expect(loopback).toEqual({ ok: false, error: expect.stringContaining("must be an https:// URL") });
    const domains = await save({ allowedDomains: "example.com, not a domain" });
    expect(domains).toEqual({ ok: false, error: expect.stringContaining("Allowed domains") });
    expect(await readSsoRows(handle.db)).toEqual({});
  });

  it("saves a working IdP (normalised issuer and domains) and audits it without the secret", async () => {
    expect(await save({})).toEqual({ ok: true });
    expect(await readSsoRows(handle.db)).toEqual({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      label: "Okta",
      allowedDomains: "example.com,example.org",
      defaultRole: "member",
      passwordSignIn: "true",
    });
    const entries = await handle.db.select().from(auditLog).where(eq(auditLog.action, "sso.settings"));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.before).toMatchObject({ issuer: null, clientSecret: null });
    expect(entries[0]?.after).toMatchObject({ issuer: idp.issuer, clientSecret: "set" });
    expect(JSON.stringify(entries)).not.toContain(idp.clientSecret);
  });

  it("keeps the secret when none is typed, turns passwords off, and records only what changed", async () => {
    expect(await save({ clientSecret: undefined, passwordSignIn: false })).toEqual({ ok: true });
    const rows = await readSsoRows(handle.db);
    expect(rows.clientSecret).toBe(idp.clientSecret);
    expect(rows.passwordSignIn).toBe("false");
    const entries = await handle.db.select().from(auditLog).where(eq(auditLog.action, "sso.settings"));
    expect(entries.at(-1)?.before).toEqual({ passwordSignIn: "true" });
    expect(entries.at(-1)?.after).toEqual({ passwordSignIn: "false" });

    // replacing the secret is recorded as "replaced", never the value
    expect(await save({ clientSecret: "a-new-secret-value", passwordSignIn: false })).toEqual({ ok: true });
    const last = (await handle.db.select().from(auditLog).where(eq(auditLog.action, "sso.settings"))).at(-1);
    expect(last?.after).toEqual({ clientSecret: "replaced" });
    expect(JSON.stringify(last)).not.toContain("a-new-secret-value");
  });

  it("ignores fields the environment sets", async () => {
    const r = await save({ label: "Typed label", passwordSignIn: false }, { env: { label: "From env" } });
    expect(r).toEqual({ ok: true });
    expect((await readSsoRows(handle.db)).label).toBe("Okta"); // the stored value stays; the env one applies
  });
});
