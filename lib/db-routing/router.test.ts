// The routing decision alone: a probe function stands in for the replica's answers (the real replica is in
// tests/integration/read-replica.test.ts); the two "databases" are tokens, since pick() only chooses one.
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { markKeyWrite, primaryUntilFromCookies, readYourWritesMs, wantsPrimary } from "./marker";
import { ReadRouter } from "./router";

const primary = { name: "primary" } as unknown as Db;
const replica = { name: "replica" } as unknown as Db;

function router(answers: (() => Promise<number | null>)[]) {
  let n = 0;
  const probe = () => (answers[Math.min(n++, answers.length - 1)] as () => Promise<number | null>)();
  return new ReadRouter({ primary, replica, probe, maxLagMs: 1000, probeEveryMs: 0, probeTimeoutMs: 200 });
}

describe("ReadRouter", () => {
  it("reads the replica within the lag threshold, the primary past it or when the lag is unknown", async () => {
    const r = router([async () => 999, async () => 1001, async () => null, async () => 0]);
    expect(await r.pick()).toBe(replica); // 999 <= 1000
    expect(await r.pick()).toBe(primary); // 1001 > 1000
    expect(r.status()).toEqual({ replica: "lagging", lagMs: 1001 });
    expect(await r.pick()).toBe(primary); // unknown: WAL waiting, nothing replayed yet
    expect(await r.pick()).toBe(replica);
    expect(r.status()).toEqual({ replica: "ok", lagMs: 0 });
  });

  it("counts a failing or silent probe as down, does not wait for it while down, and recovers", async () => {
    let release: (v: number) => void = () => {};
    const r = router([
      async () => Promise.reject(new Error("ECONNREFUSED")),
      () => new Promise<number>((resolve) => (release = resolve)), // hangs until released
      async () => 10,
    ]);
    expect(await r.pick()).toBe(primary);
    expect(r.status().replica).toBe("down");
    // down: pick answers at once with the primary although the probe it started has not answered
    const started = Date.now();
    expect(await r.pick()).toBe(primary);
    expect(Date.now() - started).toBeLessThan(100);
    release(5);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(r.status()).toEqual({ replica: "ok", lagMs: 5 });
    expect(await r.pick()).toBe(replica);
  });

  it("a probe that never answers is down after its timeout", async () => {
    const r = router([() => new Promise<number>(() => {})]);
    expect(await r.pick()).toBe(primary); // waited 200 ms: the replica was thought up
    expect(r.status().replica).toBe("down");
  });

  it("a connection error on a read marks the replica down until the next probe", async () => {
    const r = new ReadRouter({
      primary,
      replica,
      probe: async () => 0,
      maxLagMs: 1000,
      probeEveryMs: 60_000,
    });
    expect(await r.pick()).toBe(replica);
    r.connectionFailed(new Error("CONNECTION_CLOSED"));
    expect(await r.pick()).toBe(primary);
  });
});

describe("read-your-writes marks", () => {
  it("reads fw_primary_until from a Cookie header, capped at now + the window", () => {
    const now = Date.now();
    // default window: FLEETWATCH_READ_MAX_LAG_MS 5000 + 2000 = 7000 ms
    expect(readYourWritesMs()).toBe(7000);
    expect(primaryUntilFromCookies(`a=1; fw_primary_until=${now + 3000}; b=2`)).toBe(now + 3000);
    const far = primaryUntilFromCookies(`fw_primary_until=${now + 86_400_000}`) ?? 0;
    expect(far).toBeLessThanOrEqual(Date.now() + 7000);
    expect(primaryUntilFromCookies("fw_primary_until=soon")).toBeNull();
    expect(wantsPrimary({ cookieHeader: `fw_primary_until=${now - 1}` }, now)).toBe(false);
    expect(wantsPrimary({ cookieHeader: `fw_primary_until=${now + 1}` }, now)).toBe(true);
  });

  it("marks a key for the window, and only that key", () => {
    const now = Date.now();
    markKeyWrite("key-a", now);
    expect(wantsPrimary({ apiKeyId: "key-a" }, now + 6999)).toBe(true);
    expect(wantsPrimary({ apiKeyId: "key-a" }, now + 7000)).toBe(false);
    expect(wantsPrimary({ apiKeyId: "key-b" }, now)).toBe(false);
  });
});

describe("without FLEETWATCH_READ_DATABASE_URL", () => {
  it("/api/health says replica off, and reads use the primary's read pool", async () => {
    const { GET } = await import("@/app/api/health/route");
    const body = await (await GET()).json();
    expect(body).toEqual({ status: "ok", database: "postgres", replica: "off", replicaLagMs: null });
    const { closeReadPools, getReadDb, getPrimaryReadDb } = await import("@/db/read");
    expect(await getReadDb()).toBe(await getPrimaryReadDb());
    await closeReadPools();
  });
});
