// The per-instance API key cache (lib/auth/key-cache.ts): two caches on two pools stand for two app instances.
// A change made through one (or straight in SQL) reaches the other through LISTEN/NOTIFY within a second.
import { spawn } from "node:child_process";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Db, DbHandle } from "@/db/client";
import * as schema from "@/db/schema";
import { apiKey } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { KeyCache } from "@/lib/auth/key-cache";
import { deleteProject } from "@/lib/projects/manage";
import { createTestProject, openTestDb } from "../helpers/db";

/** A pool that counts the statements it sends: a cache hit must send none. */
function countingDb() {
  let statements = 0;
  const client = postgres(inject("databaseUrl"), {
    max: 2,
    onnotice: () => {},
    debug: () => {
      statements++;
    },
  });
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    statements: () => statements,
    close: () => client.end({ timeout: 5 }),
  };
}

/** Polls `check` every 5 ms until it holds; the milliseconds it took. */
async function msUntil(check: () => Promise<boolean>, giveUpMs = 5000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > giveUpMs) throw new Error(`not within ${giveUpMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - started;
}

let a: ReturnType<typeof countingDb>;
let b: ReturnType<typeof countingDb>;
let admin: DbHandle;
let cacheA: KeyCache;
let cacheB: KeyCache;
const url = () => inject("databaseUrl");

beforeAll(async () => {
  admin = await openTestDb();
  a = countingDb();
  b = countingDb();
  cacheA = new KeyCache(a.db, url());
  cacheB = new KeyCache(b.db, url());
  await Promise.all([cacheA.start(), cacheB.start()]);
  await Promise.all([cacheA.whenListening(), cacheB.whenListening()]);
});

afterAll(async () => {
  await Promise.all([cacheA.close(), cacheB.close()]);
  await Promise.all([a.close(), b.close(), admin.close()]);
});

async function newKey(projectId?: string) {
  const pid = projectId ?? (await createTestProject(admin)).id;
  const created = await createApiKey({ db: admin.db, projectId: pid, name: "cached", scopes: ["ingest"] });
  return { ...created, projectId: pid };
}

describe("API key cache", () => {
  it("answers a cached key without a query, and never stores unknown keys", async () => {
    const { key } = await newKey();
    expect((await cacheA.find(key))?.scopes).toEqual(["ingest"]);
    const before = a.statements();
    for (let i = 0; i < 50; i++) expect((await cacheA.find(key))?.revokedAt).toBeNull();
    expect(a.statements() - before).toBe(0); // 50 hits, 0 statements
    const size = cacheA.size;
    for (let i = 0; i < 20; i++)
      expect(await cacheA.find(`fw_unknown${i}xxxxxxxxxxxxxxxxxxxxxxxx`)).toBeNull();
    expect(cacheA.size).toBe(size);
    expect(await cacheA.find("not-a-key")).toBeNull();
  });

  it("keeps at most maxEntries keys, dropping the least recently used", async () => {
    const small = new KeyCache(a.db, url(), { maxEntries: 2 });
    await small.start();
    await small.whenListening();
    try {
      const [k1, k2, k3] = await Promise.all([newKey(), newKey(), newKey()]);
      await small.find(k1.key);
      await small.find(k2.key);
      await small.find(k1.key); // k1 used last: k2 is the least recently used
      await small.find(k3.key);
      expect(small.size).toBe(2);
      expect([small.has(k1.key), small.has(k2.key), small.has(k3.key)]).toEqual([true, false, true]);
    } finally {
      await small.close();
    }
  });

  it("reads a key again once its entry is older than the TTL", async () => {
    const short = new KeyCache(a.db, url(), { ttlMs: 100 });
    await short.start();
    await short.whenListening();
    try {
      const { key } = await newKey();
      await short.find(key);
      let before = a.statements();
      await short.find(key);
      expect(a.statements() - before).toBe(0); // fresh: from memory
      await new Promise((r) => setTimeout(r, 150));
      before = a.statements();
      await short.find(key);
      expect(a.statements() - before).toBe(1); // 150 ms > 100 ms: read again
    } finally {
      await short.close();
    }
  });

  it("a key revoked through one instance is refused by the other within 1 s", async () => {
    const { key, record, projectId } = await newKey();
    await cacheA.find(key);
    await cacheB.find(key);
    expect(cacheA.has(key) && cacheB.has(key)).toBe(true);
    const revoked = await revokeApiKey({ db: a.db, projectId, id: record.id });
    expect(revoked?.revokedAt).not.toBeNull();
    const ms = await msUntil(async () => (await cacheB.find(key))?.revokedAt != null);
    expect(ms).toBeLessThan(1000);
    expect((await cacheA.find(key))?.revokedAt).not.toBeNull();
  });

  it("a key's new scopes and rate limit reach the other instance within 1 s", async () => {
    const { key, record } = await newKey();
    await cacheB.find(key);
    await admin.db
      .update(apiKey)
      .set({ scopes: ["ingest", "read"], rateLimitPerMinute: 7 })
      .where(eq(apiKey.id, record.id));
    const ms = await msUntil(async () => (await cacheB.find(key))?.scopes.includes("read") === true);
    expect(ms).toBeLessThan(1000);
    expect((await cacheB.find(key))?.rateLimitPerMinute).toBe(7);
  });

  it("a deleted project's keys are seen as such within 1 s", async () => {
    const project = await createTestProject(admin);
    const { key } = await newKey(project.id);
    await cacheB.find(key);
    const result = await deleteProject({
      db: a.db,
      actor: systemActor("test"),
      input: { slug: project.slug, confirm: project.slug },
    });
    expect(result.ok).toBe(true);
    const ms = await msUntil(async () => (await cacheB.find(key))?.project.deletedAt != null);
    expect(ms).toBeLessThan(1000);
  });

  it("touching last_used_at notifies nobody and keeps the entry", async () => {
    const { key, record } = await newKey();
    const other = await newKey();
    await cacheB.find(key);
    const notified = cacheB.notifications;
    await admin.db.update(apiKey).set({ lastUsedAt: new Date() }).where(eq(apiKey.id, record.id));
    // a change of another key afterwards: notifications arrive in commit order, so once this one is in, a
    // notification for the touch would have come before it
    await admin.db.update(apiKey).set({ name: "renamed" }).where(eq(apiKey.id, other.record.id));
    await msUntil(async () => cacheB.notifications > notified);
    expect(cacheB.notifications - notified).toBe(1); // the rename only
    expect(cacheB.has(key)).toBe(true);
  });

  it("hands out a key's last use once a minute, so route.ts touches it once a minute, not per request", async () => {
    const { key } = await newKey();
    const first = await cacheB.find(key); // never used: the route touches it
    expect(first?.lastUsedAt).toBeNull();
    const second = await cacheB.find(key); // the entry took the touch's time: no second touch
    expect(second?.lastUsedAt).toBeInstanceOf(Date);
    expect(Date.now() - (second?.lastUsedAt?.getTime() ?? 0)).toBeLessThan(60_000);
  });

  it("queries every lookup while its listener is down, and caches again once it listens", async () => {
    const cache = new KeyCache(a.db, url(), { reconnectMs: 1000 });
    await cache.start();
    await cache.whenListening();
    try {
      const { key, record, projectId } = await newKey();
      await cache.find(key);
      expect(cache.has(key)).toBe(true);
      const pid = cache.listenerPid;
      await admin.db.execute(sql`SELECT pg_terminate_backend(${pid})`);
      await msUntil(async () => !cache.isListening);
      // down: a revocation now sends a notification nobody hears, yet the next lookup sees it (it queries)
      await revokeApiKey({ db: admin.db, projectId, id: record.id });
      const before = a.statements();
      expect((await cache.find(key))?.revokedAt).not.toBeNull();
      expect((await cache.find(key))?.revokedAt).not.toBeNull();
      expect(a.statements() - before).toBe(2); // one query per lookup
      expect(cache.isListening).toBe(false); // (it waits 1 s before listening again)
      await cache.whenListening();
      expect(cache.listenerPid).not.toBe(pid);
      await cache.find(key);
      const after = a.statements();
      expect((await cache.find(key))?.revokedAt).not.toBeNull();
      expect(a.statements()).toBe(after); // cached again
    } finally {
      await cache.close();
    }
  });

  it("does not keep a process alive: one that leaves its cache listening exits by itself", async () => {
    const root = process.cwd();
    const child = spawn(
      path.join(root, "node_modules/.bin/tsx"),
      ["tests/helpers/key-cache-child.ts", url()],
      { cwd: root, env: { ...process.env, LOG_LEVEL: "silent" } },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve("still running after 30 s");
      }, 30_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c ?? "killed");
      });
    });
    expect(out, err).toMatch(/^listening as \d+/);
    expect(code).toBe(0);
  }, 40_000);
});
