import { describe, expect, it } from "vitest";
import { randomEventId, stableEventId } from "./ids";
import { backoffDelay, isRetryableStatus, parseRetryAfter } from "./retry";
import { signatureHeader } from "./sign";
import { eventsEndpoint } from "./transport";
import { normaliseTime } from "./wire";

describe("retry policy", () => {
  it("backs off exponentially with full jitter under a cap", () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 250, 30_000, () => 0.999_999))).toEqual([
      249, 499, 999, 1999, 29_999,
    ]);
    expect(backoffDelay(5, 250, 30_000, () => 0)).toBe(0);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter("1", now)).toBe(1000);
    expect(parseRetryAfter(" 2.5 ", now)).toBe(2500);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now - 30_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
  });

  it("retries 429 and 5xx only", () => {
    expect([200, 400, 401, 403, 408, 413, 415, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([
      429, 500, 502, 503,
    ]);
  });
});

describe("helpers", () => {
  it("generates distinct random ids and stable deterministic ones", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomEventId("run")));
    expect(ids.size).toBe(1000);
    expect([...ids][0]).toMatch(/^run-[0-9a-z]+-[\w-]{16}$/);
    expect(stableEventId("cc", "s1", "PreToolUse:toolu_1", "call")).toBe("cc:s1:PreToolUse:toolu_1:call");
    const long = stableEventId("cc", "x".repeat(300));
    expect(long).toMatch(/^cc-[0-9a-f]{40}$/);
    expect(stableEventId("cc", "x".repeat(300))).toBe(long);
    expect(stableEventId("cc", "with space")).toMatch(/^cc-[0-9a-f]{40}$/);
  });

  it("signs <t>.<body> with HMAC-SHA256", () => {
    // printf '%s' '1700000000.{}' | openssl dgst -sha256 -hmac s
    expect(signatureHeader("s", "{}", 1_700_000_000_999)).toBe(
      "t=1700000000,v1=e9232c9945da8456c2dea6b39da7786c07b00bca7a64d5dd1283674713a7b72a",
    );
  });

  it("normalises times to RFC 3339", () => {
    expect(normaliseTime(undefined, Date.UTC(2026, 0, 1))).toBe("2026-01-01T00:00:00.000Z");
    expect(normaliseTime("2026-01-01T10:00:00+02:00", 0)).toBe("2026-01-01T10:00:00+02:00");
    expect(normaliseTime(new Date(Date.UTC(2026, 0, 2)), 0)).toBe("2026-01-02T00:00:00.000Z");
    expect(normaliseTime("2026-01-01T10:00:00.000Z", 0)).toBe("2026-01-01T10:00:00.000Z");
    expect(normaliseTime("not a time", 0)).toBeNull();
  });

  it("finds the events endpoint", () => {
    expect(eventsEndpoint("https://fleet.example.com")).toBe("https://fleet.example.com/api/v1/events");
    expect(eventsEndpoint("https://fleet.example.com/base/")).toBe(
      "https://fleet.example.com/base/api/v1/events",
    );
    expect(eventsEndpoint("http://h/api/v1/events")).toBe("http://h/api/v1/events");
  });
});
