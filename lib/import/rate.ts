// Imports are rate-limited like ingest: an API key against its own requests-per-minute budget in PostgreSQL
// (lib/ingest/rate-limit.ts, shared by every instance); a signed-in user against
// FLEETWATCH_IMPORT_RATE_PER_MINUTE, counted in this process (rate_limit_window rows belong to API keys).
import type { Db } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { consumeRateLimit, rateLimited } from "@/lib/ingest/rate-limit";

const WINDOW_MS = 60_000;
/** user id -> [window start, count] of the current one-minute window. */
const userWindows = new Map<string, { start: number; count: number }>();

/** Counts one import by `userId`; returns the seconds to wait when over `limit`, else null. */
export function consumeUserImport(userId: string, limit: number, now = Date.now()): number | null {
  const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
  const w = userWindows.get(userId);
  if (!w || w.start !== start) {
    if (userWindows.size > 10_000)
      for (const [k, v] of userWindows) if (v.start !== start) userWindows.delete(k);
    userWindows.set(userId, { start, count: 1 });
    return null;
  }
  w.count++;
  return w.count > limit ? Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000)) : null;
}

export async function checkImportRate({
  db,
  apiKeyId,
  userId,
  keyLimitPerMinute,
}: {
  db: Db;
  apiKeyId: string | null;
  userId: string | null;
  keyLimitPerMinute: number | null;
}): Promise<void> {
  if (apiKeyId) {
    const limit = keyLimitPerMinute ?? env.FLEETWATCH_RATE_LIMIT_PER_MINUTE;
    const rate = await consumeRateLimit({ db, keyId: apiKeyId, limitPerMinute: limit });
    if (!rate.allowed) throw rateLimited(rate);
    return;
  }
  if (!userId) return;
  const limit = env.FLEETWATCH_IMPORT_RATE_PER_MINUTE;
  const wait = consumeUserImport(userId, limit);
  if (wait !== null)
    throw new ApiError(
      429,
      "rate_limited",
      `You may import ${limit} files per minute (FLEETWATCH_IMPORT_RATE_PER_MINUTE). Retry after ${wait} s.`,
      undefined,
      { "Retry-After": String(wait) },
    );
}
