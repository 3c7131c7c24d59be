// Single sign-on settings: instance_setting rows (sso.*), each one overridden and locked by its environment
// variable (lib/env.ts). The client secret is stored in the database like the other settings; it is never sent
// back to a browser (the page only learns whether one is set).
import { eq, like } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { instanceSetting } from "@/db/schema";
import { env } from "@/lib/env";

/** The provider id better-auth knows the IdP by; it is part of the callback URL the IdP must allow. */
export const SSO_PROVIDER_ID = "oidc";
export const SSO_CALLBACK_PATH = `/api/auth/callback/${SSO_PROVIDER_ID}`;

export const SSO_KEYS = {
  issuer: "sso.issuer",
  clientId: "sso.client_id",
  clientSecret: "sso.client_secret",
  label: "sso.label",
  allowedDomains: "sso.allowed_domains",
  defaultRole: "sso.default_role",
  passwordSignIn: "sso.password_signin",
} as const;
export type SsoField = keyof typeof SSO_KEYS;

export type SsoDefaultRole = "member" | "viewer";

export type SsoConfig = {
  issuer: string | null;
  clientId: string | null;
  clientSecret: string | null;
  label: string;
  allowedDomains: string[];
  defaultRole: SsoDefaultRole;
  /** What was chosen (setting or environment); see passwordSignInEffective for what applies. */
  passwordSignIn: boolean;
  /** issuer, client id and secret are all set */
  configured: boolean;
  /** Password sign-in is only ever off when SSO is configured: never a console nobody can enter. */
  passwordSignInEffective: boolean;
  /** Fields the environment sets: shown read-only, ignored on save. */
  lockedByEnv: SsoField[];
};

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** "Example.com, @example.org" -> ["example.com", "example.org"]; null when one entry is not a domain. */
export function parseDomains(raw: string): string[] | null {
  const parts = raw
    .split(/[,\s]+/)
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
  if (!parts.every((d) => DOMAIN.test(d))) return null;
  return [...new Set(parts)];
}

const ENV_VALUES: Record<SsoField, string | undefined> = {
  issuer: env.FLEETWATCH_OIDC_ISSUER,
  clientId: env.FLEETWATCH_OIDC_CLIENT_ID,
  clientSecret: env.FLEETWATCH_OIDC_CLIENT_SECRET,
  label: env.FLEETWATCH_OIDC_LABEL,
  allowedDomains: env.FLEETWATCH_OIDC_ALLOWED_DOMAINS,
  defaultRole: env.FLEETWATCH_OIDC_DEFAULT_ROLE,
  passwordSignIn:
    env.FLEETWATCH_PASSWORD_SIGNIN === undefined ? undefined : String(env.FLEETWATCH_PASSWORD_SIGNIN),
};

/** The stored rows (sso.* key -> value), without the environment. */
export async function readSsoRows(db: DbOrTx): Promise<Partial<Record<SsoField, string>>> {
  const rows = await db
    .select({ key: instanceSetting.key, value: instanceSetting.value })
    .from(instanceSetting)
    .where(like(instanceSetting.key, "sso.%"));
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const out: Partial<Record<SsoField, string>> = {};
  for (const [field, key] of Object.entries(SSO_KEYS) as [SsoField, string][]) {
    const value = byKey.get(key);
    if (value !== undefined && value !== "") out[field] = value;
  }
  return out;
}

/** Stored rows and environment merged; `envValues` is for tests. */
export function resolveSsoConfig(
  rows: Partial<Record<SsoField, string>>,
  envValues: Partial<Record<SsoField, string | undefined>> = ENV_VALUES,
): SsoConfig {
  const lockedByEnv = (Object.keys(SSO_KEYS) as SsoField[]).filter((f) => envValues[f] !== undefined);
  const pick = (f: SsoField) => envValues[f] ?? rows[f] ?? null;
  const issuer = pick("issuer");
  const clientId = pick("clientId");
  const clientSecret = pick("clientSecret");
  const configured = Boolean(issuer && clientId && clientSecret);
  const passwordSignIn = pick("passwordSignIn") !== "false";
  return {
    issuer,
    clientId,
    clientSecret,
    label: pick("label") ?? "SSO",
    allowedDomains: parseDomains(pick("allowedDomains") ?? "") ?? [],
    defaultRole: pick("defaultRole") === "member" ? "member" : "viewer",
    passwordSignIn,
    configured,
    passwordSignInEffective: passwordSignIn || !configured,
    lockedByEnv,
  };
}

export async function readSsoConfig(db: DbOrTx): Promise<SsoConfig> {
  return resolveSsoConfig(await readSsoRows(db));
}

// Requests (every session check builds on getAuth) read the settings at most once per TTL per database; a save
// in this process drops the cache at once, other instances follow within the TTL.
const TTL_MS = 3_000;
const cache = new WeakMap<object, { at: number; config: Promise<SsoConfig> }>();

export function cachedSsoConfig(db: DbOrTx): Promise<SsoConfig> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.config;
  const config = readSsoConfig(db);
  cache.set(db, { at: Date.now(), config });
  config.catch(() => cache.delete(db));
  return config;
}

export function invalidateSsoConfig(db: DbOrTx) {
  cache.delete(db);
}

/** Upserts (or, for null, deletes) the given fields. */
export async function writeSsoRows(db: DbOrTx, values: Partial<Record<SsoField, string | null>>) {
  for (const [field, value] of Object.entries(values) as [SsoField, string | null][]) {
    const key = SSO_KEYS[field];
    if (value === null) {
      await db.delete(instanceSetting).where(eq(instanceSetting.key, key));
      continue;
    }
    await db
      .insert(instanceSetting)
      .values({ key, value })
      .onConflictDoUpdate({ target: instanceSetting.key, set: { value, updatedAt: new Date() } });
  }
}
