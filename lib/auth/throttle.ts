// Sign-in throttling: failed sign-ins counted per account (the email tried) and per client address, in
// PostgreSQL so every instance of the console shares the counts. Each attempt reserves one failure in both
// counters BEFORE the password is checked (one atomic upsert per counter), so parallel guesses cannot all slip
// through under the limit; a successful sign-in then resets its account counter and gives its address its one
// failure back.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";

export type ThrottleLimit = { failures: number; windowSeconds: number };

/**
 * 10 failures per account per 15 minutes: a person who mistypes has plenty of room, an attacker gets 40 guesses
 * an hour at one account whatever addresses they rotate through. 50 per address: a shared office NAT may hold
 * several users who mistype; a single source spraying many accounts stops after 50.
 */
export const LOGIN_LIMITS = {
  account: { failures: 10, windowSeconds: 15 * 60 },
  address: { failures: 50, windowSeconds: 15 * 60 },
} as const satisfies Record<string, ThrottleLimit>;

export type ThrottleScope = keyof typeof LOGIN_LIMITS;
export type SignInAttempt = { email: string | null; address: string | null };
export type ThrottleVerdict =
  | { blocked: false }
  | { blocked: true; scope: ThrottleScope; retryAfterSeconds: number };

/** Keys are hashed: fixed length whatever a client sends, and no emails or addresses at rest in this table. */
function throttleKey(scope: ThrottleScope, value: string): string {
  return `${scope}:${createHash("sha256").update(value).digest("hex")}`;
}

function keysOf({ email, address }: SignInAttempt): { scope: ThrottleScope; key: string }[] {
  const keys: { scope: ThrottleScope; key: string }[] = [];
  if (email) keys.push({ scope: "account", key: throttleKey("account", email.trim().toLowerCase()) });
  if (address) keys.push({ scope: "address", key: throttleKey("address", address) });
  return keys;
}

/** Counts this attempt as a failure in advance; blocked when a counter is past its limit in its window. */
export async function reserveSignIn(db: DbOrTx, attempt: SignInAttempt): Promise<ThrottleVerdict> {
  await pruneExpired(db);
  let verdict: ThrottleVerdict = { blocked: false };
  for (const { scope, key } of keysOf(attempt)) {
    const { failures, windowSeconds } = LOGIN_LIMITS[scope];
    // One statement: a window that has run out starts over at 1; otherwise the count goes up by one. The
    // row lock of ON CONFLICT serialises concurrent attempts on one key, so each sees a distinct count.
    const result = await db.execute(sql`
      insert into login_throttle as t (key, failures, window_started_at) values (${key}, 1, now())
      on conflict (key) do update set
        failures = case when t.window_started_at <= now() - make_interval(secs => ${windowSeconds})
          then 1 else t.failures + 1 end,
        window_started_at = case when t.window_started_at <= now() - make_interval(secs => ${windowSeconds})
          then now() else t.window_started_at end
      returning t.failures,
        greatest(1, ceil(extract(epoch from
          t.window_started_at + make_interval(secs => ${windowSeconds}) - now())))::int as retry_after`);
    const row = rowsOf<{ failures: number; retry_after: number }>(result)[0];
    if (!row || row.failures <= failures) continue;
    // Blocked by several counters: tell the longest wait, so a retry at that time is not blocked again.
    if (!verdict.blocked || row.retry_after > verdict.retryAfterSeconds) {
      verdict = { blocked: true, scope, retryAfterSeconds: row.retry_after };
    }
  }
  return verdict;
}

/** After a successful sign-in: the account's failures are forgiven, the address gets its reserved one back. */
export async function settleSuccessfulSignIn(db: DbOrTx, attempt: SignInAttempt): Promise<void> {
  for (const { scope, key } of keysOf(attempt)) {
    if (scope === "account") await db.execute(sql`delete from login_throttle where key = ${key}`);
    else {
      await db.execute(
        sql`update login_throttle set failures = greatest(failures - 1, 0) where key = ${key}`,
      );
    }
  }
}

/** The message a person sees with the 429: what is blocked and for how long, in whole minutes. */
export function throttleMessage(verdict: Extract<ThrottleVerdict, { blocked: true }>): string {
  const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60));
  const wait = `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  return verdict.scope === "account"
    ? `Too many failed sign-ins for this account. ${wait}`
    : `Too many failed sign-ins from your network. ${wait}`;
}

// Rows whose window ran out count for nothing: delete them now and then (at most once a minute per process).
const PRUNE_EVERY_MS = 60_000;
let lastPrune = 0;
async function pruneExpired(db: DbOrTx): Promise<void> {
  const now = Date.now();
  if (now - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now;
  const longest = Math.max(...Object.values(LOGIN_LIMITS).map((limit) => limit.windowSeconds));
  await db.execute(
    sql`delete from login_throttle where window_started_at < now() - make_interval(secs => ${longest})`,
  );
}
