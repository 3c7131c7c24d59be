// API keys cached per instance, so an API request does not read its key from PostgreSQL each time, with every
// change seen within a second: migration 0008's triggers NOTIFY `fleetwatch_api_key` with "key:<id>" when a key
// changes (revoked, re-scoped, re-limited, deleted; not when only last_used_at moves) and "project:<id>" when a
// project is renamed or deleted, and each instance LISTENs and drops the entries named.
//
// Rules that keep it safe (docs/adr/0027-rate-limits-for-fleets.md has the reasoning):
// - served from only while the listener is connected: before it listens, and from the moment its connection
//   drops until it listens again, every lookup queries PostgreSQL (a notification sent meanwhile is lost);
// - a lookup stores its answer only if no notification (and no reconnection) came while it queried, so a row
//   read just before a revocation cannot be stored just after it;
// - unknown keys are never stored (a stream of made-up keys cannot fill it); at most `maxEntries` keys, the
//   least recently used dropped first; every entry expires after `ttlMs` (a safety net, not the mechanism).
import net from "node:net";
import type postgres from "postgres";
import { type Db, getDbHandle } from "@/db/client";
import { type FoundApiKey, findApiKeyByHash, hashApiKey, looksLikeApiKey } from "@/lib/auth/api-keys";
import { logger } from "@/lib/logger";

export const KEY_CHANNEL = "fleetwatch_api_key";
/** What route.ts waits between two touches of a key's last_used_at (it touches when older than this). */
const TOUCH_EVERY_MS = 60_000;

export type KeyCacheOptions = { maxEntries?: number; ttlMs?: number; reconnectMs?: number };

type Entry = { record: FoundApiKey; expiresAt: number };

/**
 * A connected socket that does not keep the process alive (a CLI command or a test worker exits when its
 * work is done, listener or not). postgres.js takes it as is and speaks the protocol (and TLS) over it.
 */
function unrefSocket(options: { host: string[]; port: number[]; path?: string | false }) {
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = options.path
      ? net.connect(options.path)
      : net.connect(options.port[0] ?? 5432, options.host[0] ?? "localhost");
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      socket.setKeepAlive(true, 30_000);
      socket.unref();
      resolve(socket);
    });
  });
}

export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly reconnectMs: number;
  /** Moves on every notification and every (re)connection: a lookup that saw it move stores nothing. */
  private generation = 0;
  private listening = false;
  private closed = false;
  private client: postgres.Sql | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  /** Failed LISTEN attempts in a row. */
  private failures = 0;
  /** Notifications received, and the listening connection's backend (tests count and terminate). */
  notifications = 0;
  listenerPid: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly url: string,
    options: KeyCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.reconnectMs = options.reconnectMs ?? 250;
  }

  /** Starts listening (in the background); lookups query PostgreSQL until it listens. */
  async start(): Promise<void> {
    const { default: postgres } = await import("postgres");
    if (this.closed || this.client) return;
    // options postgres.js takes but does not declare: a socket factory, and notifications on this connection
    const untyped = {
      socket: unrefSocket,
      onnotify: (_channel: string, payload: string) => this.onNotify(payload),
    };
    // its own connection (not sql.listen): postgres.js's listen reconnects silently, and the cache must know
    // when it is not listening
    this.client = postgres(this.url, {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      fetch_types: false,
      connect_timeout: 10,
      onnotice: () => {},
      onclose: () => this.onClose(),
      ...untyped,
    });
    void this.listen();
  }

  get isListening(): boolean {
    return this.listening;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Resolves once the listener listens (tests). */
  whenListening(): Promise<void> {
    if (this.listening) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Whether `key`'s entry is cached (tests). */
  has(key: string): boolean {
    return this.entries.has(hashApiKey(key));
  }

  async find(key: string): Promise<FoundApiKey | null> {
    if (!looksLikeApiKey(key)) return null;
    const hash = hashApiKey(key);
    const now = Date.now();
    const entry = this.entries.get(hash);
    if (entry && this.listening && entry.expiresAt > now) {
      this.entries.delete(hash); // re-inserted last: the Map's order is least recently used first
      this.entries.set(hash, entry);
      return this.handOut(entry, now);
    }
    if (entry) this.entries.delete(hash);
    const generation = this.generation;
    const record = await findApiKeyByHash({ db: this.db, hash });
    if (!record || !this.listening || generation !== this.generation || this.closed) return record;
    const stored = { record, expiresAt: now + this.ttlMs };
    this.entries.set(hash, stored);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return this.handOut(stored, now);
  }

  /**
   * A copy of the entry's key. route.ts touches last_used_at when the key it gets was last used more than a
   * minute ago, and that touch notifies nobody: the entry takes the touch's time, so the next requests do not
   * repeat it (one touch a minute per key and instance, as without the cache).
   */
  private handOut(entry: Entry, now: number): FoundApiKey {
    const copy = { ...entry.record, scopes: [...entry.record.scopes], project: { ...entry.record.project } };
    const last = entry.record.lastUsedAt;
    if (!last || now - last.getTime() > TOUCH_EVERY_MS) entry.record.lastUsedAt = new Date(now);
    return copy;
  }

  private async listen(): Promise<void> {
    if (this.closed || !this.client) return;
    try {
      await this.client.unsafe(`LISTEN ${KEY_CHANNEL}`);
      const [row] = await this.client.unsafe<{ pid: number }[]>("SELECT pg_backend_pid() AS pid");
      if (this.closed) return;
      this.listenerPid = row?.pid ?? null;
      this.generation++;
      this.entries.clear(); // whatever was cached before may have missed a notification
      this.listening = true;
      for (const resolve of this.waiters.splice(0)) resolve();
      this.failures = 0;
    } catch (error) {
      if (this.closed) return;
      if (this.failures++ === 0)
        logger.warn({ err: error }, "API key cache: cannot LISTEN; querying every key until it can");
      this.scheduleReconnect();
    }
  }

  private onClose(): void {
    this.listening = false;
    this.generation++;
    this.entries.clear();
    if (!this.closed) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    // waits longer after each failed attempt (up to 5 s) while the database is away
    const wait = Math.min(5_000, this.reconnectMs * 2 ** Math.min(this.failures, 5));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen();
    }, wait);
    this.reconnectTimer.unref();
  }

  private onNotify(payload: string): void {
    this.notifications++;
    this.generation++;
    const match = /^(key|project):(.+)$/.exec(payload);
    if (!match) {
      this.entries.clear();
      return;
    }
    const [, kind, id] = match;
    for (const [hash, { record }] of this.entries) {
      if (kind === "key" ? record.id === id : record.projectId === id) this.entries.delete(hash);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    this.entries.clear();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.client?.end({ timeout: 1 });
  }
}

// One cache per process, shared across Next.js bundles (instrumentation and routes are separate module graphs).
const GLOBAL_KEY = Symbol.for("fleetwatch.keyCache");
type GlobalWithCache = typeof globalThis & { [GLOBAL_KEY]?: Promise<KeyCache> };

/** The process's key cache, listening on the main database. */
export function processKeyCache(): Promise<KeyCache> {
  const g = globalThis as GlobalWithCache;
  g[GLOBAL_KEY] ??= (async () => {
    const handle = await getDbHandle();
    const cache = new KeyCache(handle.db, handle.url);
    await cache.start();
    return cache;
  })();
  g[GLOBAL_KEY].catch(() => {
    delete g[GLOBAL_KEY];
  });
  return g[GLOBAL_KEY];
}

/** findApiKey through the process's cache: what every API request with a key calls. */
export async function cachedFindApiKey({ key }: { key: string }): Promise<FoundApiKey | null> {
  return (await processKeyCache()).find(key);
}
