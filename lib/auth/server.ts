// better-auth, configured lazily: its secret may live in the database (generated on first start).
import { randomBytes } from "node:crypto";
import { type BetterAuthOptions, betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth } from "better-auth/plugins";
import { type Db, getDb } from "@/db/client";
import { account, session, user, verification } from "@/db/schema";
import { env } from "@/lib/env";
import { consoleOrigin } from "@/lib/http/same-origin";
import { logger } from "@/lib/logger";
import { ensureProject } from "@/lib/projects/queries";
import { getOrCreateSetting } from "@/lib/settings";
import { authBaseUrl } from "./base-url";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { authHooks } from "./hooks";
import { clearSetupToken } from "./setup-token";
import {
  admitSsoUser,
  admittedFields,
  completeSsoJoin,
  holdAdmission,
  refusalForExistingUser,
  takeAdmission,
} from "./sso-admission";
import { cachedSsoConfig, readSsoConfig, SSO_PROVIDER_ID, type SsoConfig } from "./sso-config";
import { SSO_REFUSALS } from "./sso-errors";
import { countUsers, SIGN_UP_CLOSED, SIGN_UP_CLOSED_CODE } from "./users";

export { countUsers };
export const DEFAULT_PROJECT = "default";

/** The IdP connection better-auth is built with (null: no SSO). */
export type SsoProvider = Pick<SsoConfig, "label"> & {
  issuer: string;
  clientId: string;
  clientSecret: string;
};

export function ssoProviderOf(config: SsoConfig): SsoProvider | null {
  const { issuer, clientId, clientSecret, label } = config;
  return issuer && clientId && clientSecret ? { issuer, clientId, clientSecret, label } : null;
}

function ssoPlugin(sso: SsoProvider) {
  return genericOAuth({
    config: [
      {
        providerId: SSO_PROVIDER_ID,
        name: sso.label,
        discoveryUrl: `${sso.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
        // ID tokens are checked against the IdP's keys, issuer and our client id, never just decoded.
        requireIdTokenVerification: true,
        clientId: sso.clientId,
        clientSecret: sso.clientSecret,
        scopes: ["openid", "email", "profile"],
        pkce: true,
      },
    ],
  });
}

const refuse = (code: keyof typeof SSO_REFUSALS) =>
  new APIError("FORBIDDEN", { code, message: SSO_REFUSALS[code] });

type AuthLog = NonNullable<NonNullable<BetterAuthOptions["logger"]>["log"]>;

/** better-auth's own messages go to the console's pino log (JSON lines, LOG_LEVEL) instead of bare stderr. */
const toPino: AuthLog = (level, message, ...args) =>
  logger[level]({ component: "better-auth", args }, message);

/**
 * trustProxyHops: how many reverse proxies append to X-Forwarded-For (FLEETWATCH_TRUST_PROXY).
 * sso: the IdP to offer (null: none); getAuth passes the saved settings and rebuilds when they change.
 * log: where better-auth's messages go (tests capture them). publicUrl: FLEETWATCH_URL.
 */
export function buildAuth(
  db: Db,
  secret: string,
  {
    trustProxyHops = env.FLEETWATCH_TRUST_PROXY,
    sso = null,
    log = toPino,
    publicUrl = env.FLEETWATCH_URL,
  }: { trustProxyHops?: number; sso?: SsoProvider | null; log?: AuthLog; publicUrl?: string } = {},
) {
  const auth = betterAuth({
    secret,
    // FLEETWATCH_URL, or this machine's own addresses resolved per request (lib/auth/base-url.ts).
    baseURL: authBaseUrl(publicUrl, env.PORT),
    // No `level`: better-auth's default (warn) applies; setting one also makes it print every refused request
    // (a wrong password, a 403) with its own console logger.
    logger: { log },
    // Without a configured public URL, the console answers on whatever host it is reached at
    // (localhost, an IP, a tunnel) and trusts only that same origin for state-changing requests.
    trustedOrigins: publicUrl ? [publicUrl] : (req) => [req ? consoleOrigin(req, publicUrl) : null],
    database: drizzleAdapter(db, { provider: "pg", schema: { user, session, account, verification } }),
    emailAndPassword: { enabled: true, autoSignIn: true, minPasswordLength: 8 },
    // Errors of the IdP callback land on the login page (?error=<code>), which says what happened.
    onAPIError: { errorURL: "/login" },
    account: {
      // An IdP sign-in joins an existing account with the same address only when the IdP says the address is
      // verified (better-auth's rule for untrusted providers). Accounts here are made by an admin or an invite,
      // so the local "verified" flag (never set by a password sign-up) is not required as well.
      accountLinking: { enabled: true, requireLocalEmailVerified: false },
    },
    user: {
      // Returning IdP sign-ins (and links to an existing account): refused for a deactivated or removed account.
      validateUserInfo: async ({ user: incoming, source }) => {
        if (source.method !== "oauth" || source.action === "create-user" || typeof incoming.id !== "string")
          return;
        const refusal = await refusalForExistingUser(db, incoming.id);
        return refusal ? { error: refusal, errorDescription: SSO_REFUSALS[refusal] } : undefined;
      },
      additionalFields: {
        role: { type: "string", defaultValue: "member", input: false },
        setupAdmin: { type: "boolean", required: false, input: false, returned: false },
        // false: a member or viewer limited to project_access (an invite for some projects, lib/auth/sso-admission)
        allProjects: { type: "boolean", required: false, defaultValue: true, input: false, returned: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 30 },
    databaseHooks: {
      user: {
        create: {
          before: async (data, ctx) => {
            // The IdP creating an account (its callback, or an ID token posted to /sign-in/social): an invite or
            // an allowed domain admits it (sso-admission), never the setup rule below.
            if (ctx?.path === "/callback/:id" || ctx?.path === "/sign-in/social") {
              const admission = await admitSsoUser(
                db,
                { email: String(data.email ?? ""), emailVerified: data.emailVerified === true },
                await readSsoConfig(db),
              );
              if (!admission.ok) throw refuse(admission.code);
              return { data: { ...data, ...admittedFields(admission), id: holdAdmission(admission) } };
            }
            // Open sign-up is closed: only the very first user (the setup page) signs up, as admin. The count
            // alone races (concurrent sign-ups all see 0); setupAdmin makes user_setup_admin_uq admit one.
            if ((await countUsers(db)) > 0)
              throw new APIError("FORBIDDEN", { message: SIGN_UP_CLOSED, code: SIGN_UP_CLOSED_CODE });
            return { data: { ...data, role: "owner", setupAdmin: true } };
          },
          after: async (created, ctx) => {
            const admission = takeAdmission(created.id);
            if (admission) {
              await completeSsoJoin(db, created, admission, ctx?.headers ?? null);
              return;
            }
            await ensureProject({ db, slug: DEFAULT_PROJECT, name: "Default" });
            // The setup token has served its one use.
            await clearSetupToken(db);
          },
        },
      },
    },
    hooks: authHooks({ db, trustProxyHops, publicUrl }),
    rateLimit: {
      // Sign-in is throttled by lib/auth/throttle (per account and address, shared through PostgreSQL, with
      // Retry-After); better-auth's own per-instance limiter keeps the other paths.
      customRules: { "/sign-in/email": false },
    },
    // Secure (and __Secure-prefixed) cookies only when the public URL is https: a browser drops Secure cookies
    // on plain http, so a console reached at http://<LAN address> would otherwise never keep its session.
    advanced: {
      useSecureCookies: publicUrl?.startsWith("https://") ?? false,
      // The address handleAuthRequest resolved (peer, or X-Forwarded-For only as far as proxies are trusted),
      // never the client's own X-Forwarded-For: for better-auth's limiter and the sessions' recorded address.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    plugins: [nextCookies(), ...(sso ? [ssoPlugin(sso)] : [])],
  });
  return Object.assign(auth, { trustProxyHops });
}

export type Auth = ReturnType<typeof buildAuth>;

const GLOBAL_KEY = Symbol.for("fleetwatch.auth");
type Built = { key: string; auth: Promise<Auth> };
type GlobalWithAuth = typeof globalThis & { [GLOBAL_KEY]?: { secret: Promise<string>; built?: Built } };

/**
 * The auth instance for the current SSO settings. better-auth registers providers when it is built, so a
 * change of the IdP connection (saved here or on another instance) builds a new one; sessions live in the
 * database and survive the swap.
 */
export async function getAuth(): Promise<Auth> {
  const g = globalThis as GlobalWithAuth;
  const db = await getDb();
  g[GLOBAL_KEY] ??= {
    secret: (async () =>
      env.BETTER_AUTH_SECRET ??
      (await getOrCreateSetting(db, "auth_secret", () => randomBytes(32).toString("hex"))))(),
  };
  const state = g[GLOBAL_KEY];
  const sso = ssoProviderOf(await cachedSsoConfig(db));
  const key = JSON.stringify(sso);
  if (state.built?.key !== key) {
    state.built = { key, auth: state.secret.then((secret) => buildAuth(db, secret, { sso })) };
  }
  return state.built.auth;
}
