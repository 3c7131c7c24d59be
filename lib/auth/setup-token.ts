// First-time setup on a console reachable from the network (issue 19, point 18). Until the first admin exists,
// the setup page would hand the whole console to whoever opens it first; on a console that listens beyond
// localhost (or is published at a non-local FLEETWATCH_URL) that could be anyone on the network. So, as Grafana
// and Jenkins do, setup then asks for a one-time token that only the server's log shows: generated at startup,
// kept in instance_setting (every instance of one database prints and accepts the same one), compared in
// constant time, and deleted when the first admin is created. On localhost the quickstart needs no token.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { instanceSetting } from "@/db/schema";
import { getOrCreateSetting } from "@/lib/settings";
import { SETUP_TOKEN_INVALID, SETUP_TOKEN_REQUIRED, type SetupTokenRefusal } from "./setup-token-messages";
import { countUsers } from "./users";

const SETTING_KEY = "setup_token";

/** Loopback: localhost, 127.0.0.0/8, ::1 and IPv4-mapped 127.x (with or without brackets). */
export function isLoopback(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (bare === "localhost" || bare.endsWith(".localhost")) return true;
  if (bare === "::1") return true;
  const v4 = bare.startsWith("::ffff:") ? bare.slice(7) : bare;
  return isIP(v4) === 4 && v4.startsWith("127.");
}

/**
 * Whether setup needs the token. listenAddress: the address the HTTP server is bound to (null: unknown, which
 * counts as reachable). publicUrl: FLEETWATCH_URL; a non-local one means the console is published.
 */
export function setupTokenRequired(listenAddress: string | null, publicUrl: string | undefined): boolean {
  if (!listenAddress || !isLoopback(listenAddress)) return true;
  if (!publicUrl) return false;
  try {
    return !isLoopback(new URL(publicUrl).hostname);
  } catch {
    return true;
  }
}

/** The instance's setup token, made on first call (safe when several instances start at once). */
export function setupToken(db: DbOrTx): Promise<string> {
  return getOrCreateSetting(db, SETTING_KEY, () => randomBytes(24).toString("base64url"));
}

/** Used up: called once the first admin is created (better-auth's user-create after hook). */
export async function clearSetupToken(db: DbOrTx): Promise<void> {
  await db.delete(instanceSetting).where(eq(instanceSetting.key, SETTING_KEY));
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}

/** null when the sign-up may go on; else the refusal's code (its message is SETUP_TOKEN_MESSAGES[code]). */
export async function setupTokenRefusal(db: DbOrTx, given: string | null): Promise<SetupTokenRefusal | null> {
  const token = given?.trim() ?? "";
  if (!token) return SETUP_TOKEN_REQUIRED;
  // A token of absurd length is wrong; no need to hash a megabyte for it.
  if (token.length > 200 || !tokensMatch(token, await setupToken(db))) return SETUP_TOKEN_INVALID;
  return null;
}

/**
 * The host `next start` was told to listen on (-H/--hostname), or null when it listens on every interface
 * (Next.js's default). Read from this process's own command line: the server is started before any of our code.
 */
export function listenHostFromArgv(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "-H" || arg === "--hostname") return argv[i + 1] ?? null;
    const inline = /^(?:--hostname=|-H=?)(.+)$/.exec(arg)?.[1];
    if (inline) return inline;
  }
  return null;
}

/** The setup link the log shows: on FLEETWATCH_URL when set, else on the listen host (localhost for all). */
export function setupUrl(
  token: string,
  publicUrl: string | undefined,
  listenHost: string | null,
  port: number,
) {
  const base =
    publicUrl?.replace(/\/+$/, "") ??
    `http://${!listenHost || listenHost === "0.0.0.0" || listenHost === "::" ? "localhost" : listenHost.includes(":") ? `[${listenHost}]` : listenHost}:${port}`;
  return `${base}/setup?token=${encodeURIComponent(token)}`;
}

/**
 * At startup: while no user exists on a console reachable from the network, log the setup link with its token
 * (at warn, so LOG_LEVEL=warn still shows it). listenHost: next start's -H (null: every interface).
 */
export async function announceSetupToken(
  db: DbOrTx,
  { listenHost, publicUrl, port }: { listenHost: string | null; publicUrl: string | undefined; port: number },
  log: { warn: (fields: object, message: string) => void },
): Promise<string | null> {
  if ((await countUsers(db)) > 0 || !setupTokenRequired(listenHost, publicUrl)) return null;
  const url = setupUrl(await setupToken(db), publicUrl, listenHost, port);
  log.warn(
    { setupUrl: url },
    `No admin yet and this console is reachable from the network: create the first account at ${url} (the token is asked once, then forgotten)`,
  );
  return url;
}
