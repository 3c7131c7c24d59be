import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { signBody, verifySignature } from "./signature";

const secret = "fws_test";
const body = Buffer.from('{"events":[]}');
const now = Date.UTC(2026, 10, 1);
const t = Math.floor(now / 1000);

function reason(fn: () => void): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(403);
    return (e as Error).message;
  }
}

describe("verifySignature", () => {
  it("accepts a valid signature within the replay window", () => {
    expect(reason(() => verifySignature(secret, signBody(secret, body, t - 299), body, now))).toBe("ok");
  });
  it("rejects a signature made with another secret", () => {
    expect(reason(() => verifySignature(secret, signBody("other", body, t), body, now))).toMatch(
      /does not match/,
    );
  });
  it("rejects a signature over another body", () => {
    expect(reason(() => verifySignature(secret, signBody(secret, "x", t), body, now))).toMatch(
      /does not match/,
    );
  });
  it("rejects an expired timestamp", () => {
    expect(reason(() => verifySignature(secret, signBody(secret, body, t - 301), body, now))).toMatch(
      /server clock/,
    );
  });
  it("rejects a missing or malformed header", () => {
    expect(reason(() => verifySignature(secret, null, body, now))).toMatch(/requires signed requests/);
    expect(reason(() => verifySignature(secret, "v1=abc", body, now))).toMatch(/Malformed/);
  });
});
