// One HTTP attempt and the retry rules every outbound sender shares (alert destinations and standup webhooks):
// what counts as delivered, what is worth retrying, how long to wait. Requests go through lib/net/outbound
// (vetted target, no redirects, bounded body); each attempt has its own timeout.
import { OutboundRefusedError, outboundFetch } from "@/lib/net/outbound";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type RetryPolicy = {
  /** Waits between attempts: the number of attempts is one more than this. */
  delaysMs: number[];
  /** Per attempt. */
  timeoutMs: number;
  /** Longest Retry-After honoured (a longer one is cut to this). */
  maxRetryAfterMs: number;
};

/** Standups and the outbox worker: a receiver down for a few minutes still gets the message. */
export const SCHEDULED_POLICY: RetryPolicy = {
  delaysMs: [2_000, 10_000, 30_000],
  timeoutMs: 10_000,
  maxRetryAfterMs: 60_000,
};
/** A test send from the settings page: someone is waiting for the answer. */
export const TEST_POLICY: RetryPolicy = {
  delaysMs: [1_000, 3_000],
  timeoutMs: 5_000,
  maxRetryAfterMs: 5_000,
};
/** The outbox worker: retries spread over about an hour (the row waits in the table, nobody is blocked). */
export const OUTBOX_POLICY: RetryPolicy = {
  delaysMs: [10_000, 60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000],
  timeoutMs: 10_000,
  maxRetryAfterMs: 15 * 60_000,
};

export type Attempt = {
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
  /** false: another attempt will not help (refused target, 4xx other than 408/429, bad config). */
  retryable: boolean;
  /** The receiver's Retry-After, in ms (uncapped). */
  retryAfterMs: number | null;
};

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const s = Number(header);
  if (header.trim() !== "" && Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** 5xx, 408 and 429 may pass later; any other 4xx is the receiver saying no (bad key, bad payload). */
export function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** An exception from a send, as a delivery error. */
export function failureOf(e: unknown): Attempt {
  if (e instanceof OutboundRefusedError)
    return {
      ok: false,
      responseStatus: null,
      error: `refused: ${e.message}`,
      retryable: false,
      retryAfterMs: null,
    };
  const err = e as Error & { cause?: { code?: string } };
  const cause = err.cause?.code;
  const error = `${err.name === "TimeoutError" ? "timed out" : err.message}${cause ? ` (${cause})` : ""}`;
  return { ok: false, responseStatus: null, error, retryable: true, retryAfterMs: null };
}

/** POSTs a JSON body once and classifies the answer. Never throws. */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  { fetch = outboundFetch, timeoutMs }: { fetch?: FetchLike; timeoutMs: number },
): Promise<Attempt> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text().catch(() => "");
    if (res.ok)
      return { ok: true, responseStatus: res.status, error: null, retryable: false, retryAfterMs: null };
    return {
      ok: false,
      responseStatus: res.status,
      error: `HTTP ${res.status}${text ? `: ${text.replace(/\s+/g, " ").slice(0, 200)}` : ""}`,
      retryable: retryableStatus(res.status),
      retryAfterMs: retryAfterMs(res.headers.get("retry-after"), Date.now()),
    };
  } catch (e) {
    return failureOf(e);
  }
}

/**
 * The wait before attempt number `attempt + 1`, or null when `attempt` was the last one allowed (or the
 * failure is permanent). A Retry-After wins over the policy's delay, capped at maxRetryAfterMs.
 */
export function nextDelay(policy: RetryPolicy, attempt: number, result: Attempt): number | null {
  if (result.ok || !result.retryable || attempt > policy.delaysMs.length) return null;
  // only the receiver's Retry-After is capped: the policy's own delays may be longer than the cap
  if (result.retryAfterMs !== null) return Math.min(result.retryAfterMs, policy.maxRetryAfterMs);
  return policy.delaysMs[attempt - 1] ?? 0;
}

export const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Attempts until delivered, a permanent failure or the policy's last attempt, sleeping in between (someone is
 * waiting: a test send, the standup of the day). onAttempt records each outcome as it happens.
 */
export async function withRetries(
  send: () => Promise<Attempt>,
  {
    policy,
    sleep = sleepFor,
    onAttempt,
  }: {
    policy: RetryPolicy;
    sleep?: (ms: number) => Promise<void>;
    onAttempt?: (attempt: number, result: Attempt, last: boolean) => Promise<void>;
  },
): Promise<Attempt & { attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    const result = await send();
    const wait = nextDelay(policy, attempt, result);
    await onAttempt?.(attempt, result, wait === null);
    if (wait === null) return { ...result, attempts: attempt };
    await sleep(wait);
  }
}
