// Backoff with full jitter, Retry-After parsing, and which responses deserve another attempt.

/** Full jitter: attempt n (0-based) waits random(0, min(cap, base * 2^n)). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds from now: delta seconds or an HTTP date. Null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** 429 and 5xx are worth another attempt with the same body; any other 4xx is permanent. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** The statuses whose Retry-After is honoured. */
export function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

export const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
