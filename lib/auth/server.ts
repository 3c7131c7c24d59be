// better-auth, configured lazily: its secret may live in the database (generated on first start).
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { type Db, getDb } from "@/db/client";
import { account, session, user, verification } from "@/db/schema";
import { consoleOrigin } from "@/lib/api/same-origin";
import { env } from "@/lib/env";
import { ensureProject } from "@/lib/projects/queries";
import { getOrCreateSetting } from "@/lib/settings";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { authHooks } from "./hooks";
import { countUsers, SIGN_UP_CLOSED, SIGN_UP_CLOSED_CODE } from "./users";

export { countUsers };
export const DEFAULT_PROJECT = "default";

/** trustProxyHops: how many reverse proxies append to X-Forwarded-For (FLEETWATCH_TRUST_PROXY). */
export function buildAuth(db: Db, secret: string, { trustProxyHops = env.FLEETWATCH_TRUST_PROXY } = {}) {
  const auth = betterAuth({
    secret,
    baseURL: env.FLEETWATCH_URL,
    // Without a configured public URL, the console answers on whatever host it is reached at
    // (localhost, an IP, a tunnel) and trusts only that same origin for state-changing requests.
    trustedOrigins: env.FLEETWATCH_URL ? [env.FLEETWATCH_URL] : (req) => [req ? consoleOrigin(req) : null],
    database: drizzleAdapter(db, { provider: "pg", schema: { user, session, account, verification } }),
    emailAndPassword: { enabled: true, autoSignIn: true, minPasswordLength: 8 },
    user: {
      additionalFields: {
        role: { type: "string", defaultValue: "member", input: false },
        setupAdmin: { type: "boolean", required: false, input: false, returned: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 30 },
    databaseHooks: {
      user: {
        create: {
          // Open sign-up is closed: only the very first user (the setup page) signs up, as admin. The count alone
          // races (concurrent sign-ups all see 0); setupAdmin makes PostgreSQL's user_setup_admin_uq admit one.
          before: async (data) => {
            if ((await countUsers(db)) > 0)
              throw new APIError("FORBIDDEN", { message: SIGN_UP_CLOSED, code: SIGN_UP_CLOSED_CODE });
            return { data: { ...data, role: "owner", setupAdmin: true } };
          },
          after: async () => {
            await ensureProject({ db, slug: DEFAULT_PROJECT, name: "Default" });
          },
        },
      },
    },
    hooks: authHooks({ db, trustProxyHops }),
    rateLimit: {
      // Sign-in is throttled by lib/auth/throttle (per account and address, shared through PostgreSQL, with
      // Retry-After); better-auth's own per-instance limiter keeps the other paths.
      customRules: { "/sign-in/email": false },
    },
    // Secure (and __Secure-prefixed) cookies only when the public URL is https: a browser drops Secure cookies
    // on plain http, so a console reached at http://<LAN address> would otherwise never keep its session.
    advanced: {
      useSecureCookies: env.FLEETWATCH_URL?.startsWith("https://") ?? false,
      // The address handleAuthRequest resolved (peer, or X-Forwarded-For only as far as proxies are trusted),
      // never the client's own X-Forwarded-For: for better-auth's limiter and the sessions' recorded address.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    plugins: [nextCookies()],
  });
  return Object.assign(auth, { trustProxyHops });
}

export type Auth = ReturnType<typeof buildAuth>;

const GLOBAL_KEY = Symbol.for("fleetwatch.auth");
type GlobalWithAuth = typeof globalThis & { [GLOBAL_KEY]?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  const g = globalThis as GlobalWithAuth;
  g[GLOBAL_KEY] ??= (async () => {
    const db = await getDb();
    const secret =
      env.BETTER_AUTH_SECRET ??
      (await getOrCreateSetting(db, "auth_secret", () => randomBytes(32).toString("hex")));
    return buildAuth(db, secret);
  })();
  return g[GLOBAL_KEY];
}
