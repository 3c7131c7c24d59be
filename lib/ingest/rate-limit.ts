// Per-key request rate limit, counted in PostgreSQL so every app instance shares the same budget.
// Fixed one-minute windows: one upsert per request, outside the ingest transaction.
import { and, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimitWindow } from "@/db/schema";
import { ApiError } from "@/lib/http/errors";

const WINDOW_MS = 60_000;

export type RateLimitResult = {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
};

export async function consumeRateLimit({
  db,
  keyId,
  limitPerMinute,
  now = new Date(),
}: {
  db: DbOrTx;
  keyId: string;
  limitPerMinute: number;
  now?: Date;
}): Promise<RateLimitResult> {
  const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  const [row] = await db
    .insert(rateLimitWindow)
    .values({ keyId, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitWindow.keyId, rateLimitWindow.windowStart],
      set: { count: sql`${rateLimitWindow.count} + 1` },
    })
    .returning({ count: rateLimitWindow.count });
  const count = row?.count ?? 1;
  if (count === 1) {
    // first request of a window: drop this key's old windows
    await db
      .delete(rateLimitWindow)
      .where(and(eq(rateLimitWindow.keyId, keyId), lt(rateLimitWindow.windowStart, windowStart)));
  }
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000),
  );
  return {
    allowed: count <= limitPerMinute,
    limit: limitPerMinute,
    remaining: Math.max(0, limitPerMinute - count),
    retryAfterSeconds,
  };
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
