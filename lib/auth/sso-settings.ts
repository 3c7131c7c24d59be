// Saving Settings > Single sign-on: validated input, the issuer checked by fetching its discovery document,
// the change audited with the secret redacted. Fields the environment sets are kept as they are.
import { z } from "zod";
import type { Db } from "@/db/client";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { OutboundRefusedError, outboundFetch } from "@/lib/net/outbound";
import {
  invalidateSsoConfig,
  parseDomains,
  readSsoRows,
  resolveSsoConfig,
  type SsoConfig,
  type SsoField,
  writeSsoRows,
} from "./sso-config";

export const ssoSettingsInput = z.object({
  /** Empty: no SSO. */
  issuer: z.string().trim().max(2000),
  clientId: z.string().trim().max(512),
  /** Empty or absent: keep the stored secret (the page never receives it). */
  clientSecret: z.string().max(2048).optional(),
  label: z.string().trim().max(60, "Keep the button label under 60 characters"),
  allowedDomains: z.string().max(2000),
  defaultRole: z.enum(["member", "viewer"]),
  passwordSignIn: z.boolean(),
});
export type SsoSettingsInput = z.input<typeof ssoSettingsInput>;

type Result = { ok: true } | { ok: false; error: string };

const discoverySchema = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** Fetches <issuer>/.well-known/openid-configuration; the issuer it names must be the one typed. */
export async function checkIssuer(
  issuer: string,
  allowPrivate = env.FLEETWATCH_OIDC_ALLOW_PRIVATE,
): Promise<{ ok: true; issuer: string } | { ok: false; error: string }> {
  const url = `${trimSlash(issuer)}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await outboundFetch(
      url,
      { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) },
      { allowPrivate },
    );
  } catch (e) {
    if (e instanceof OutboundRefusedError) {
      const reason = e.message.replace(/ \(set FLEETWATCH_WEBHOOK_ALLOW_PRIVATE.*\)$/, "");
      const hint = /private|loopback|link-local/.test(reason)
        ? " For an identity provider inside your network, set FLEETWATCH_OIDC_ALLOW_PRIVATE=1."
        : "";
      return { ok: false, error: `The issuer cannot be used: ${reason}.${hint}` };
    }
    const why = e instanceof Error && e.name !== "TimeoutError" ? e.message : "no answer within 10 s";
    return { ok: false, error: `Could not fetch ${url}: ${why}.` };
  }
  if (res.status !== 200)
    return { ok: false, error: `${url} answered HTTP ${res.status}, not a discovery document.` };
  const doc = discoverySchema.safeParse(await res.json().catch(() => null));
  if (!doc.success) {
    return {
      ok: false,
      error: `${url} is not an OpenID Connect discovery document (issuer, endpoints, jwks_uri).`,
    };
  }
  if (trimSlash(doc.data.issuer) !== trimSlash(issuer)) {
    return {
      ok: false,
      error: `The discovery document names the issuer ${doc.data.issuer}; use exactly that URL.`,
    };
  }
  return { ok: true, issuer: doc.data.issuer };
}

/** The settings as the page shows them: the secret only as "set". */
export function ssoSettingsView(config: SsoConfig) {
  return {
    issuer: config.issuer ?? "",
    clientId: config.clientId ?? "",
    secretSet: config.clientSecret !== null,
    label: config.label,
    allowedDomains: config.allowedDomains.join(", "),
    defaultRole: config.defaultRole,
    passwordSignIn: config.passwordSignIn,
    configured: config.configured,
    lockedByEnv: config.lockedByEnv,
  };
}
export type SsoSettingsView = ReturnType<typeof ssoSettingsView>;

/** For the audit log: every field as saved, the secret as whether it is set. */
function audited(rows: Partial<Record<SsoField, string>>) {
  const { clientSecret, ...rest } = rows;
  return { ...rest, clientSecret: clientSecret ? "set" : null };
}

export async function saveSsoSettings({
  db,
  actor,
  input,
  env: envValues,
  allowPrivate = env.FLEETWATCH_OIDC_ALLOW_PRIVATE,
}: {
  db: Db;
  actor: AuditActor;
  input: SsoSettingsInput;
  /** Environment values (tests); default lib/env. */
  env?: Partial<Record<SsoField, string | undefined>>;
  /** Default FLEETWATCH_OIDC_ALLOW_PRIVATE: an issuer on a private or loopback address (and plain http). */
  allowPrivate?: boolean;
}): Promise<Result> {
  const parsed = ssoSettingsInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid settings" };
  const v = parsed.data;
  const domains = parseDomains(v.allowedDomains);
  if (!domains)
    return { ok: false, error: "Allowed domains: a comma list of domains, e.g. example.com, example.org" };

  const before = await readSsoRows(db);
  const locked = new Set(resolveSsoConfig(before, envValues).lockedByEnv);
  const typed: Partial<Record<SsoField, string>> = {
    issuer: v.issuer,
    clientId: v.clientId,
    clientSecret: v.clientSecret ? v.clientSecret : before.clientSecret,
    label: v.label,
    allowedDomains: domains.join(","),
    defaultRole: v.defaultRole,
    passwordSignIn: v.passwordSignIn ? "true" : "false",
  };
  const next: Partial<Record<SsoField, string>> = {};
  for (const field of Object.keys(typed) as SsoField[]) {
    const value = locked.has(field) ? before[field] : typed[field];
    if (value) next[field] = value;
  }

  if (next.issuer && !locked.has("issuer")) {
    let url: URL | null = null;
    try {
      url = new URL(next.issuer);
    } catch {}
    if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && allowPrivate))) {
      return {
        ok: false,
        error: "The issuer must be an https:// URL, e.g. https://login.example.com/realms/ops",
      };
    }
  }
  const config = resolveSsoConfig(next, envValues);
  if (!config.passwordSignIn && !config.configured) {
    return {
      ok: false,
      error:
        "Password sign-in can only be turned off once single sign-on is set up (issuer, client id and secret), or nobody could sign in.",
    };
  }
  // The IdP must answer before anyone depends on it (and before password sign-in goes away).
  if (config.issuer) {
    const checked = await checkIssuer(config.issuer, allowPrivate);
    if (!checked.ok) return checked;
    if (!locked.has("issuer")) next.issuer = checked.issuer;
  }

  const changed = (Object.keys(typed) as SsoField[]).filter((f) => (before[f] ?? null) !== (next[f] ?? null));
  if (changed.length === 0) return { ok: true };
  await db.transaction(async (tx) => {
    await writeSsoRows(tx, Object.fromEntries(changed.map((f) => [f, next[f] ?? null])));
    await recordAudit(tx, actor, {
      action: "sso.settings",
      objectType: "instance_setting",
      objectId: "sso",
      objectLabel: "Single sign-on",
      before: pickFields(audited(before), changed),
      after: {
        ...pickFields(audited(next), changed),
        ...(changed.includes("clientSecret") && before.clientSecret && next.clientSecret
          ? { clientSecret: "replaced" }
          : {}),
      },
    });
  });
  invalidateSsoConfig(db);
  return { ok: true };
}

function pickFields(values: Record<string, unknown>, fields: SsoField[]) {
  return Object.fromEntries(fields.map((f) => [f, values[f] ?? null]));
}
