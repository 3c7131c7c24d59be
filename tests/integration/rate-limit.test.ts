// Rate limits that fit fleets (lib/ingest/rate-limit.ts): counted in memory, shared across instances through
// PostgreSQL. Two RateLimiter objects on two pools stand for two app instances.
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Db, DbHandle } from "@/db/client";
import * as schema from "@/db/schema";
import { rateLimitWindow } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { env } from "@/lib/env";
import {
  blindAllowance,
  type RateLimiter as Limiter,
  RateLimiter,
  type RateLimitResult,
  rateLimited,
} from "@/lib/ingest/rate-limit";
import { createTestProject, openTestDb } from "../helpers/db";

/** A pool that counts the statements it sends. */
function countingDb() {
  let statements = 0;
  const client = postgres(inject("databaseUrl"), {
    max: 2,
    onnotice: () => {},
    debug: () => void statements++,
  });
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    statements: () => statements,
    close: () => client.end({ timeout: 5 }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MINUTE = 60_000;

let admin: DbHandle;
let one: ReturnType<typeof countingDb>;
let two: ReturnType<typeof countingDb>;

beforeAll(async () => {
  admin = await openTestDb();
  one = countingDb();
  two = countingDb();
});

afterAll(async () => {
  await Promise.all([one.close(), two.close(), admin.close()]);
});

async function newKeyId(): Promise<string> {
  const project = await createTestProject(admin);
  const { record } = await createApiKey({
    db: admin.db,
    projectId: project.id,
    name: "rl",
    scopes: ["ingest"],
  });
  return record.id;
}

async function storedCount(keyId: string, windowStart: number): Promise<number | undefined> {
  const [row] = await admin.db
    .select({ count: rateLimitWindow.count })
    .from(rateLimitWindow)
    .where(and(eq(rateLimitWindow.keyId, keyId), eq(rateLimitWindow.windowStart, new Date(windowStart))));
  return row?.count;
}

/**
 * Sends one request like a runner that honours Retry-After: a "slow down" 429 (budget left, Retry-After 1)
 * is sent again a little later (here after 5 ms, not 1 s, to keep the test short); the final answer.
 */
async function request(limiter: Limiter, keyId: string, limit: number, now: () => number) {
  for (;;) {
    const r = limiter.consume(keyId, limit, now());
    if (r.allowed || r.remaining === 0) return r;
    await sleep(5);
  }
}

describe("rate limit shared across instances", () => {
  it("two instances with limit 100 admit between 100 and 105 of 150 requests", async () => {
    const keyId = await newKeyId();
    const a = new RateLimiter(one.db);
    const b = new RateLimiter(two.db);
    // one fixed moment inside a window, so a minute boundary cannot split the test
    const start = Math.floor(Date.now() / MINUTE) * MINUTE;
    const now = () => start + 1000;
    // Bound: an instance admits while (count it last saw + its unconfirmed admissions) < 100 and holds at most
    // blindAllowance(100) = max(5, ceil(100 / 50)) = 5 unconfirmed ones; with N = 2 instances a window admits
    // at most 100 + (2 - 1) x 5 = 105. It never refuses for the budget before 100 are admitted (a refusal needs
    // its count + its own unconfirmed >= 100, and both count only admitted requests).
    expect(blindAllowance(100)).toBe(5);
    // 150 requests from three runners per instance at once, each waiting 1 ms between its requests
    const runner = async (limiter: Limiter, n: number) => {
      const results: RateLimitResult[] = [];
      for (let i = 0; i < n; i++) {
        results.push(await request(limiter, keyId, 100, now));
        await sleep(1);
      }
      return results;
    };
    const all = (
      await Promise.all([
        runner(a, 25),
        runner(b, 25),
        runner(a, 25),
        runner(b, 25),
        runner(a, 25),
        runner(b, 25),
      ])
    ).flat();
    expect(all).toHaveLength(150);
    const allowed = all.filter((r) => r.allowed).length;
    expect(allowed).toBeGreaterThanOrEqual(100);
    expect(allowed).toBeLessThanOrEqual(105);
    // every refusal is for the budget: 429 with the seconds to the window's end (60 - 1 = 59)
    const refused = all.filter((r) => !r.allowed);
    expect(refused.every((r) => r.retryAfterSeconds === 59 && r.remaining === 0)).toBe(true);
    await Promise.all([a.flush(), b.flush()]);
    expect(await storedCount(keyId, start)).toBe(allowed); // PostgreSQL holds every admission, once
  });

  it("an instance that has not seen the window admits at most its blind allowance before it learns", async () => {
    const keyId = await newKeyId();
    const start = Math.floor(Date.now() / MINUTE) * MINUTE;
    const now = () => start + 2000;
    // other instances used 100 of 100
    await admin.db.insert(rateLimitWindow).values({ keyId, windowStart: new Date(start), count: 100 });
    const fresh = new RateLimiter(one.db);
    // a burst of 20 in one tick: 5 admitted blind (0 + unconfirmed < 100, unconfirmed < 5), 15 told to slow down
    const burst = Array.from({ length: 20 }, () => fresh.consume(keyId, 100, now()));
    expect(burst.filter((r) => r.allowed)).toHaveLength(5);
    expect(burst.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds === 1)).toBe(true);
    await fresh.flush(); // its send answers 105
    const after = fresh.consume(keyId, 100, now());
    expect(after).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 58 });
  });

  it("429 carries Retry-After: the seconds left in the window", async () => {
    const keyId = await newKeyId();
    const limiter = new RateLimiter(one.db);
    const start = Math.floor(Date.now() / MINUTE) * MINUTE;
    const at = start + 45_500; // 14.5 s left: Retry-After 15
    expect([1, 2, 3].map(() => limiter.consume(keyId, 3, at).allowed)).toEqual([true, true, true]);
    const refused = limiter.consume(keyId, 3, at);
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 15 });
    const error = rateLimited(refused);
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ "Retry-After": "15" });
    expect(error.message).toMatch(/3 requests per minute/);
    await limiter.flush();
  });

  it("a new window starts from zero and its first send drops the past ones", async () => {
    const keyId = await newKeyId();
    const limiter = new RateLimiter(one.db);
    const start = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE; // the past minute, then this one
    expect([1, 2, 3].map(() => limiter.consume(keyId, 2, start + 10).allowed)).toEqual([true, true, false]);
    await limiter.flush();
    expect(await storedCount(keyId, start)).toBe(2);
    const next = limiter.consume(keyId, 2, start + MINUTE + 10);
    expect(next).toMatchObject({ allowed: true, remaining: 1 });
    await limiter.flush();
    expect(await storedCount(keyId, start + MINUTE)).toBe(1);
    expect(await storedCount(keyId, start)).toBeUndefined();
  });

  it("no request waits on the database: fewer than N/10 statements for N requests", async () => {
    const keyId = await newKeyId();
    const limiter = new RateLimiter(two.db);
    const before = two.statements();
    const N = 1000;
    let allowed = 0;
    const started = Date.now();
    for (let i = 0; i < N; i++) {
      const r = limiter.consume(keyId, 1_000_000, Date.now()); // synchronous: no await on the path
      expect(r).not.toBeInstanceOf(Promise);
      if (r.allowed) allowed++;
      if (i % 10 === 9) await sleep(1); // 1000 requests over about a second
    }
    await limiter.flush();
    const statements = two.statements() - before;
    // one send at the first request, then at most one per 200 ms (about 1 s / 200 ms = 5-6), plus the flush
    const seconds = (Date.now() - started) / 1000;
    expect(allowed).toBe(N);
    expect(statements).toBeLessThan(N / 10);
    expect(statements).toBeLessThanOrEqual(Math.ceil(seconds / 0.2) + 2);
    const start = Math.floor(Date.now() / MINUTE) * MINUTE;
    const stored = (await storedCount(keyId, start)) ?? 0;
    const previous = (await storedCount(keyId, start - MINUTE)) ?? 0;
    expect(stored + previous).toBe(N); // (the run may straddle a minute boundary: then past + this = N)
  });

  it("the default limit lets a 500-agent fleet on one key through", async () => {
    // docs: 500 agents x 80 requests a minute (Claude Code: ~20 tool calls a minute x 2 hook events each, plus
    // prompts and stops, one request each when nothing batches them) = 40,000 requests a minute, under the
    // default of 60,000 with room for heartbeats (500 x 2 a minute) and bursts
    const limit = env.FLEETWATCH_RATE_LIMIT_PER_MINUTE;
    expect(limit).toBe(60_000);
    const keyId = await newKeyId();
    const a = new RateLimiter(one.db);
    const b = new RateLimiter(two.db);
    const start = Math.floor(Date.now() / MINUTE) * MINUTE;
    let refused = 0;
    // 80 rounds (one every 750 ms in real time) of one request per agent, split across two instances
    for (let round = 0; round < 80; round++) {
      for (let agent = 0; agent < 500; agent++) {
        const r = (agent % 2 ? a : b).consume(keyId, limit, start + 100 + round * 700);
        if (!r.allowed) refused++;
      }
      await Promise.all([a.flush(), b.flush()]); // time passes: the sends of the round answer
    }
    expect(refused).toBe(0);
    expect(await storedCount(keyId, start)).toBe(40_000);
  });
});
