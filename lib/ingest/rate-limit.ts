// Per-key request rate limits that fit fleets: counted in memory on the request path, shared across app
// instances through PostgreSQL off it. Fixed one-minute windows.
//
// Each instance counts a key's requests in the current window and sends what it admitted since its last send
// (`count = count + delta RETURNING count`, one statement) at most every 200 ms per key, and at once when that
// local count reaches its share: the smaller of half the key's blind allowance (below) and a tenth of what the
// key has left as this instance last saw it, so sends come faster as a key nears its limit. The answer is the
// window's count across every instance, which the next admissions go by. No request waits on the database.
//
// The overshoot is bounded: an instance admits while (last known count + its unconfirmed admissions) < limit,
// and never holds more than `blindAllowance(limit)` = max(5, ceil(limit / 50)) admissions PostgreSQL has not
// confirmed; past that it answers 429 with Retry-After: 1 until the send in flight answers. With N instances a
// window admits at most limit + (N - 1) x blindAllowance(limit) requests (2% of the limit per extra instance),
// and never refuses one before the key has used its limit, except that early 429 of an instance that admits a
// fiftieth of a key's minute within one round trip (docs/adr/0027-rate-limits-for-fleets.md works it out).
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { Db } from "@/db/client";
import { ApiError } from "@/lib/http/errors";
import { logger } from "@/lib/logger";

const WINDOW_MS = 60_000;
export const SYNC_EVERY_MS = 200;
/** Keys followed at once before windows of past minutes are dropped from memory. */
const MAX_KEYS = 10_000;

export type RateLimitResult = {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
};

/** The most admissions an instance holds for a key that PostgreSQL has not confirmed (the overshoot unit). */
export function blindAllowance(limitPerMinute: number): number {
  return Math.max(5, Math.ceil(limitPerMinute / 50));
}

type KeyWindow = {
  keyId: string;
  start: number;
  limit: number;
  /** The window's count in PostgreSQL (every instance's) as of this instance's last confirmed send. */
  known: number;
  /** Admitted here and sent, not yet answered. */
  inFlight: number;
  /** Admitted here, not yet sent. */
  pending: number;
  lastSentAt: number;
  sent: boolean;
  timer: NodeJS.Timeout | null;
};

export class RateLimiter {
  private readonly windows = new Map<string, KeyWindow>();
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly syncEveryMs = SYNC_EVERY_MS,
  ) {}

  /** Counts one request of `keyId`, in memory: whether it may go on. `now` places it in its window. */
  consume(keyId: string, limitPerMinute: number, now = Date.now()): RateLimitResult {
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    let w = this.windows.get(keyId);
    if (!w || w.start !== start) {
      if (w?.timer) clearTimeout(w.timer); // the past minute's unsent count no longer matters
      w = {
        keyId,
        start,
        limit: limitPerMinute,
        known: 0,
        inFlight: 0,
        pending: 0,
        lastSentAt: 0,
        sent: false,
        timer: null,
      };
      this.windows.set(keyId, w);
      if (this.windows.size > MAX_KEYS) this.prune(start);
    }
    w.limit = limitPerMinute;
    const retryAfterSeconds = Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000));
    const unconfirmed = w.inFlight + w.pending;
    const used = w.known + unconfirmed;
    if (used >= limitPerMinute)
      return { allowed: false, limit: limitPerMinute, remaining: 0, retryAfterSeconds };
    if (unconfirmed >= blindAllowance(limitPerMinute)) {
      // budget left, but this instance cannot know how much until its send answers: slow down for a second
      return {
        allowed: false,
        limit: limitPerMinute,
        remaining: limitPerMinute - used,
        retryAfterSeconds: 1,
      };
    }
    w.pending++;
    this.schedule(w);
    return { allowed: true, limit: limitPerMinute, remaining: limitPerMinute - used - 1, retryAfterSeconds };
  }

  /** Sends every unsent count now and waits for the answers (tests: "another instance" then sees them). */
  async flush(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      for (const w of this.windows.values()) if (w.pending > 0 && w.inFlight === 0) this.send(w);
      if (this.sending.size === 0) return;
      await Promise.all([...this.sending]);
    }
  }

  private schedule(w: KeyWindow, retrying = false): void {
    if (w.inFlight > 0 || w.pending === 0) return; // the send in flight re-schedules when it answers
    const share = Math.min(Math.ceil(blindAllowance(w.limit) / 2), Math.ceil((w.limit - w.known) / 10));
    const due = w.lastSentAt + this.syncEveryMs;
    if (!retrying && (w.pending >= Math.max(1, share) || Date.now() >= due)) {
      this.send(w);
      return;
    }
    if (w.timer) return;
    w.timer = setTimeout(
      () => {
        w.timer = null;
        if (this.windows.get(w.keyId) === w) this.send(w);
      },
      Math.max(0, due - Date.now()),
    );
    w.timer.unref();
  }

  private send(w: KeyWindow): void {
    if (w.timer) clearTimeout(w.timer);
    w.timer = null;
    if (w.pending === 0 || w.inFlight > 0) return;
    const delta = w.pending;
    const first = !w.sent;
    w.pending = 0;
    w.inFlight = delta;
    w.sent = true;
    w.lastSentAt = Date.now();
    let failed = false;
    const done = this.write(w.keyId, w.start, delta, first)
      .then(
        (count) => {
          w.known = Math.max(w.known + delta, count);
        },
        (error: unknown) => {
          failed = true;
          w.pending += delta; // sent again later: the count stays whole
          logger.warn({ err: error, keyId: w.keyId }, "rate limit: could not record a key's requests");
        },
      )
      .finally(() => {
        w.inFlight = 0;
        this.sending.delete(done);
        if (this.windows.get(w.keyId) === w) this.schedule(w, failed);
      });
    this.sending.add(done);
  }

  /** One statement: add this instance's delta, read the window's total; the first send drops past windows. */
  private async write(keyId: string, start: number, delta: number, first: boolean): Promise<number> {
    const windowStart = new Date(start).toISOString();
    const result = await this.db.execute(sql`
      WITH past AS (
        DELETE FROM rate_limit_window
        WHERE ${first} AND key_id = ${keyId} AND window_start < ${windowStart}::timestamptz
      )
      INSERT INTO rate_limit_window (key_id, window_start, count)
      VALUES (${keyId}, ${windowStart}::timestamptz, ${delta})
      ON CONFLICT (key_id, window_start) DO UPDATE SET count = rate_limit_window.count + EXCLUDED.count
      RETURNING count`);
    return Number(rowsOf<{ count: number }>(result)[0]?.count ?? delta);
  }

  private prune(start: number): void {
    for (const [keyId, w] of this.windows) {
      if (w.start !== start && w.inFlight === 0) {
        if (w.timer) clearTimeout(w.timer);
        this.windows.delete(keyId);
      }
    }
  }
}

// One limiter per database per process, shared across Next.js bundles.
const GLOBAL_KEY = Symbol.for("fleetwatch.rateLimiters");
type GlobalWithLimiters = typeof globalThis & { [GLOBAL_KEY]?: Map<Db, RateLimiter> };

function limiters(): Map<Db, RateLimiter> {
  const g = globalThis as GlobalWithLimiters;
  g[GLOBAL_KEY] ??= new Map();
  return g[GLOBAL_KEY];
}

/** The process's limiter for `db` (the ingest gate's). */
export function rateLimiterFor(db: Db): RateLimiter {
  let limiter = limiters().get(db);
  if (!limiter) {
    limiter = new RateLimiter(db);
    limiters().set(db, limiter);
  }
  return limiter;
}

/** Sends every process limiter's counts and waits (tests: "another instance" then sees them). */
export async function flushRateLimits(): Promise<void> {
  await Promise.all([...limiters().values()].map((l) => l.flush()));
}

export function rateLimited(result: RateLimitResult): ApiError {
  return new ApiError(
    429,
    "rate_limited",
    `This key may send ${result.limit} requests per minute. Retry after ${result.retryAfterSeconds} s, send larger batches (up to 1000 events), or raise the key's limit.`,
    undefined,
    { "Retry-After": String(result.retryAfterSeconds) },
  );
}
