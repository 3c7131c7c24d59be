import { describe, expect, it } from "vitest";
import { type Attempt, nextDelay, retryAfterMs, retryableStatus } from "./http";

const fail = (over: Partial<Attempt> = {}): Attempt => ({
  ok: false,
  responseStatus: 503,
  error: "HTTP 503",
  retryable: true,
  retryAfterMs: null,
  ...over,
});
const policy = { delaysMs: [1_000, 5_000], timeoutMs: 1_000, maxRetryAfterMs: 3_000 };

describe("retry rules", () => {
  it("reads Retry-After in seconds or as an HTTP date", () => {
    const now = Date.parse("2026-12-04T10:00:00Z");
    expect(retryAfterMs("2", now)).toBe(2_000);
    // an HTTP date 90 s after now
    expect(retryAfterMs("Fri, 04 Dec 2026 10:01:30 GMT", now)).toBe(90_000);
    // a date in the past means now, garbage and an empty header mean nothing
    expect(retryAfterMs("Fri, 04 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(" ", now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it("retries 5xx, 408 and 429 only", () => {
    expect([400, 401, 404, 408, 410, 429, 500, 503].map(retryableStatus)).toEqual([
      false,
      false,
      false,
      true,
      false,
      true,
      true,
      true,
    ]);
  });

  it("waits the policy's delay, or Retry-After capped, and stops after the last attempt", () => {
    expect(nextDelay(policy, 1, fail())).toBe(1_000);
    expect(nextDelay(policy, 2, fail())).toBe(5_000);
    // attempts = delays + 1 = 3: the third failure is final
    expect(nextDelay(policy, 3, fail())).toBeNull();
    // Retry-After 2 s replaces the 1 s delay; 60 s is cut to the 3 s cap
    expect(nextDelay(policy, 1, fail({ retryAfterMs: 2_000 }))).toBe(2_000);
    expect(nextDelay(policy, 1, fail({ retryAfterMs: 60_000 }))).toBe(3_000);
    expect(nextDelay(policy, 1, fail({ retryable: false }))).toBeNull();
    expect(nextDelay(policy, 1, { ...fail(), ok: true })).toBeNull();
  });
});
