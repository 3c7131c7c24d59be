// Issue #12, point 8: failed sign-ins are throttled per account and per client address, X-Forwarded-For counts
// only when FLEETWATCH_TRUST_PROXY says so, and the counts live in PostgreSQL (shared by every instance).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase } from "@/db/client";
import { account, user } from "@/db/schema";
import { buildAuth } from "@/lib/auth/server";
import { LOGIN_LIMITS } from "@/lib/auth/throttle";
import { signIn, signUp } from "../helpers/auth-requests";
import { openFreshDb } from "../helpers/fresh-db";

const SECRET = "login-throttle-test-secret-0123456789abc";
const ADA = { name: "Ada", email: "ada@fleet.test", password: "correct horse battery" };
const BOB = { email: "bob@fleet.test", password: "bob's long password" };
const ACCOUNT_MAX = LOGIN_LIMITS.account.failures; // 10
const ADDRESS_MAX = LOGIN_LIMITS.address.failures; // 50
const WINDOW = LOGIN_LIMITS.account.windowSeconds; // 900

type Outcome = { status: number; retryAfter: string | null; message: string | undefined };
async function outcome(res: Response | Promise<Response>): Promise<Outcome> {
  const r = await res;
  const body = (await r.json()) as { message?: string };
  return { status: r.status, retryAfter: r.headers.get("retry-after"), message: body.message };
}
const rotating = (i: number) => `203.0.113.${i % 250}`;

describe("sign-in throttling", () => {
  let url: string;
  let handle: DbHandle;
  beforeAll(async () => {
    ({ url, handle } = await openFreshDb("fw_throttle"));
    // the first (admin) account, whose password attackers guess
    const auth = buildAuth(handle.db, SECRET);
    const res = await signUp(auth, ADA, { peer: "192.0.2.200" });
    expect(res.status).toBe(200);
    // a second account (sign-up is closed now: written the way an admin's "add member" would store it)
    const hash = await (await auth.$context).password.hash(BOB.password);
    await handle.db.insert(user).values({ id: "bob", name: "Bob", email: BOB.email });
    await handle.db.insert(account).values({
      id: "bob-credential",
      accountId: "bob",
      providerId: "credential",
      userId: "bob",
      password: hash,
    });
  });
  afterAll(() => handle.close());

  it("per account: guesses from ever-changing addresses (trusted proxy, rotating X-Forwarded-For) stop after 10", async () => {
    // Behind one trusted proxy every X-Forwarded-For value is a different client address, so no address counter
    // ever fills: only the account counter can stop this botnet-style attack.
    const auth = buildAuth(handle.db, SECRET, { trustProxyHops: 1 });
    for (let i = 0; i < ACCOUNT_MAX; i++) {
      const o = await outcome(
        signIn(auth, { email: ADA.email, password: `guess-${i}` }, { forwardedFor: rotating(i) }),
      );
      expect(o.status).toBe(401);
    }
    const blocked = await outcome(
      signIn(auth, { email: "ADA@fleet.test", password: "guess-11" }, { forwardedFor: rotating(11) }),
    );
    expect(blocked.status).toBe(429);
    expect(blocked.message).toMatch(
      /^Too many failed sign-ins for this account\. Try again in 15 minutes\.$/,
    );
    // The window opened at the first failure, seconds ago: Retry-After is what is left of 900 s.
    const retryAfter = Number(blocked.retryAfter);
    expect(retryAfter).toBeGreaterThan(WINDOW - 60);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW);
    // Locked means locked, the right password included: otherwise a 429 vs 200 would still be a guessing oracle.
    const right = await outcome(
      signIn(auth, { email: ADA.email, password: ADA.password }, { forwardedFor: rotating(12) }),
    );
    expect(right.status).toBe(429);
  });

  it("parallel guesses cannot overshoot: of 30 at once, exactly 10 reach the password check", async () => {
    const auth = buildAuth(handle.db, SECRET, { trustProxyHops: 1 });
    const email = "parallel@fleet.test"; // no such user: the limit applies to any email (no account enumeration)
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        outcome(signIn(auth, { email, password: `guess-${i}` }, { forwardedFor: rotating(100 + i) })),
      ),
    );
    expect(outcomes.filter((o) => o.status === 401)).toHaveLength(ACCOUNT_MAX);
    expect(outcomes.filter((o) => o.status === 429)).toHaveLength(30 - ACCOUNT_MAX);
  });

  it("without FLEETWATCH_TRUST_PROXY, X-Forwarded-For does not change the address: 50 failures from one peer, then 429", async () => {
    const auth = buildAuth(handle.db, SECRET, { trustProxyHops: 0 });
    const peer = "198.51.100.7";
    // A different email every time (no account counter fills) and a different X-Forwarded-For every time: if the
    // header counted, every attempt would be a fresh address and none would be blocked.
    for (let i = 0; i < ADDRESS_MAX; i++) {
      const o = await outcome(
        signIn(
          auth,
          { email: `spray-${i}@fleet.test`, password: "Summer2026!" },
          { peer, forwardedFor: rotating(i) },
        ),
      );
      expect(o.status).toBe(401);
    }
    const blocked = await outcome(
      signIn(
        auth,
        { email: "spray-x@fleet.test", password: "Summer2026!" },
        { peer, forwardedFor: "192.0.2.99" },
      ),
    );
    expect(blocked.status).toBe(429);
    expect(blocked.message).toContain("from your network");
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    // another peer is not affected
    const other = await outcome(
      signIn(auth, { email: "spray-y@fleet.test", password: "x-password" }, { peer: "198.51.100.8" }),
    );
    expect(other.status).toBe(401);
  });

  it("two instances on one database share the counts", async () => {
    // Two app instances: two auth objects, each with its own connection pool, on the same PostgreSQL database.
    const second = await openDatabase({ url });
    try {
      const a = buildAuth(handle.db, SECRET);
      const b = buildAuth(second.db, SECRET);
      const email = "shared@fleet.test";
      // 5 failures on A + 5 on B = 10, the account limit; each from its own peer address
      for (let i = 0; i < ACCOUNT_MAX; i++) {
        const instance = i % 2 === 0 ? a : b;
        const o = await outcome(
          signIn(instance, { email, password: `guess-${i}` }, { peer: `192.0.2.${10 + i}` }),
        );
        expect(o.status).toBe(401);
      }
      expect((await outcome(signIn(a, { email, password: "guess-a" }, { peer: "192.0.2.30" }))).status).toBe(
        429,
      );
      expect((await outcome(signIn(b, { email, password: "guess-b" }, { peer: "192.0.2.31" }))).status).toBe(
        429,
      );
    } finally {
      await second.close();
    }
  });

  it("a successful sign-in clears its account's failures (a user's own typos do not add up to a lockout)", async () => {
    const auth = buildAuth(handle.db, SECRET);
    const from = { peer: "192.0.2.50" };
    for (let i = 0; i < ACCOUNT_MAX - 1; i++) {
      expect((await outcome(signIn(auth, { email: BOB.email, password: `typo-${i}` }, from))).status).toBe(
        401,
      );
    }
    // 9 failures, then the right password: signed in, and the account counter starts over
    expect((await outcome(signIn(auth, { email: BOB.email, password: BOB.password }, from))).status).toBe(
      200,
    );
    for (let i = 0; i < ACCOUNT_MAX; i++) {
      expect((await outcome(signIn(auth, { email: BOB.email, password: `again-${i}` }, from))).status).toBe(
        401,
      );
    }
    // 10 fresh failures: the 11th attempt is blocked
    expect((await outcome(signIn(auth, { email: BOB.email, password: "again-10" }, from))).status).toBe(429);
  });
});
