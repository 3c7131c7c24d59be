// FleetwatchClient against a real HTTP server that fails on purpose: retries, 207, signatures, gzip.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { verifySignature } from "@/lib/ingest/signature";
import { FleetwatchClient } from "./client";
import { clientHarness, log } from "./client.test-helper";
import { startTestServer } from "./server.test-helper";
import type { ClientEvent } from "./types";

const h = clientHarness();

describe("FleetwatchClient: retries", () => {
  it("retries a 500 with the same body and the same ids, then succeeds", async () => {
    h.server.script({ status: 500, body: { error: { code: "internal", message: "db down" } } });
    const { client, delays } = h.makeClient();
    client.send(log(1));
    client.send(log(2, { id: "given-id" }));
    const result = await client.flush();
    expect(result).toMatchObject({ ok: true, accepted: 2 });
    expect(h.server.requests).toHaveLength(2);
    const [first, second] = h.server.requests;
    expect(second?.body.equals(first?.body as Buffer)).toBe(true);
    expect(second?.events.map((e) => e.id)).toEqual(first?.events.map((e) => e.id));
    expect(first?.events[0]?.id).toMatch(/^fw-/);
    expect(first?.events[1]?.id).toBe("given-id");
    expect(delays).toEqual([125]); // full jitter: random 0.5 * min(30 000, 250 * 2^0)
    expect(client.stats.retries).toBe(1);
  });

  it("lets the server deduplicate a batch it stored before the answer was lost", async () => {
    const { client } = h.makeClient();
    client.send(log(1, { id: "once" }));
    await client.flush();
    client.send(log(1, { id: "once" })); // what a retry after a lost answer looks like to the server
    expect(await client.flush()).toMatchObject({ ok: true, accepted: 0, duplicates: 1 });
    expect(h.server.stored).toEqual(["once"]);
  });

  it("retries after the connection is reset, with exponential backoff", async () => {
    h.server.script("reset", "reset", "reset");
    const { client, delays } = h.makeClient();
    client.send(log(1));
    const result = await client.flush();
    expect(result.ok).toBe(true);
    expect(h.server.requests).toHaveLength(4);
    expect(delays).toEqual([125, 250, 500]);
    expect(client.stats.retries).toBe(3);
  });

  it("caps the backoff at retryMaxMs", async () => {
    h.server.script(...Array.from({ length: 6 }, () => ({ status: 502 })));
    const { client, delays } = h.makeClient({ retryBaseMs: 1000, retryMaxMs: 5000, random: () => 1 });
    client.send(log(1));
    await client.flush();
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it("honours Retry-After in seconds on 429", async () => {
    h.server.script({
      status: 429,
      headers: { "retry-after": "1" },
      body: { error: { code: "rate_limited", message: "slow down" } },
    });
    const { client, delays } = h.makeClient();
    client.send(log(1));
    expect((await client.flush()).ok).toBe(true);
    expect(delays).toEqual([1000]);
  });

  it("honours Retry-After as an HTTP date on 503", async () => {
    const now = Date.UTC(2026, 10, 22, 10, 0, 0);
    h.server.script({ status: 503, headers: { "retry-after": new Date(now + 7000).toUTCString() } });
    const { client, delays } = h.makeClient({ now: () => now });
    client.send(log(1, { time: "2026-11-22T10:00:00Z" }));
    expect((await client.flush()).ok).toBe(true);
    expect(delays).toEqual([7000]);
  });

  it("caps Retry-After at retryMaxMs", async () => {
    h.server.script({ status: 429, headers: { "retry-after": "3600" } });
    const { client, delays } = h.makeClient({ retryMaxMs: 2000 });
    client.send(log(1));
    await client.flush();
    expect(delays).toEqual([2000]);
  });

  it("really waits Retry-After: 1 with the default sleep", async () => {
    h.server.script({ status: 429, headers: { "retry-after": "1" } });
    const client = new FleetwatchClient({
      url: h.server.url,
      key: "k",
      flushIntervalMs: 0,
      onError: () => {},
    });
    h.track(client);
    client.send(log(1));
    const start = Date.now();
    expect((await client.flush()).ok).toBe(true);
    const [first, second] = h.server.requests;
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("times out a request that gets no answer and retries it", async () => {
    h.server.script("hang");
    const { client, errors } = h.makeClient({ timeoutMs: 200 });
    client.send(log(1));
    const result = await client.flush();
    expect(result.ok).toBe(true);
    expect(h.server.requests).toHaveLength(2);
    expect(errors).toEqual([]);
    expect(client.stats.retries).toBe(1);
  });

  it("gives up after maxRetries, reports once, and resolves flush with the failure", async () => {
    h.server.script("hang", "hang", "hang");
    const { client, errors } = h.makeClient({ timeoutMs: 100, maxRetries: 2 });
    client.send(log(1, { id: "lost" }));
    const result = await client.flush();
    expect(result).toMatchObject({ ok: false, failed: 1, accepted: 0 });
    expect(h.server.requests).toHaveLength(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "timeout", attempts: 3, eventIds: ["lost"] });
    expect(errors[0]?.message).toMatch(/Gave up after 3 attempts: timeout/);
    expect(result.errors).toEqual(errors);
    expect(client.stats).toMatchObject({ failedBatches: 1, failed: 1, retries: 2 });
  });

  it("reports the last status when 5xx persists", async () => {
    h.server.script({ status: 500 }, { status: 500 });
    const { client, errors } = h.makeClient({ maxRetries: 1 });
    client.send(log(1));
    expect((await client.flush()).ok).toBe(false);
    expect(errors[0]).toMatchObject({ kind: "http", status: 500 });
  });

  it.each([
    [400, "bad_request", 'The body must be {"events": [...]} with 1 to 1000 events.'],
    [401, "unauthorized", "Unknown API key. Create one in Settings > API keys."],
    [403, "forbidden", "This API key was revoked. Create a new one in Settings > API keys."],
    [413, "payload_too_large", "The body exceeds 5242880 bytes uncompressed."],
    [415, "unsupported_media_type", "Content-Type must be application/json."],
  ])("does not retry a %i and reports the server's message", async (status, code, message) => {
    h.server.script({ status, body: { error: { code, message } } });
    const { client, errors, delays } = h.makeClient();
    client.send(log(1));
    const result = await client.flush();
    expect(h.server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(result).toMatchObject({ ok: false, failed: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "http", status, code, attempts: 1 });
    expect(errors[0]?.message).toContain(message);
    expect(client.stats).toMatchObject({ failedBatches: 1, retries: 0 });
  });
});

describe("FleetwatchClient: partial rejections (207)", () => {
  it("counts and reports per-event rejections with the server's errors, without retrying", async () => {
    const { client, errors } = h.makeClient();
    client.send(log(1, { id: "good" }));
    client.send({ id: "bad", type: "job.started", job: "j", agent: "a", data: {} } as unknown as ClientEvent);
    const result = await client.flush();
    expect(h.server.requests).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, accepted: 1, rejected: 1, failed: 0 });
    expect(result.rejections).toEqual([
      { index: 1, id: "bad", error: expect.stringMatching(/^data\.harness/) },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "rejected", status: 207, eventIds: ["bad"] });
    expect(errors[0]?.message).toMatch(/rejected 1 of 2 events \(HTTP 207\): bad: data\.harness/);
    expect(client.stats).toMatchObject({ accepted: 1, rejected: 1, failedBatches: 0 });
  });
});

describe("FleetwatchClient: signatures and gzip", () => {
  const secret = "fws_secret";

  it("signs each request so the server's verifySignature accepts it", async () => {
    const signed = await startTestServer({ signingSecret: secret });
    try {
      const { client } = h.makeClient({ signingSecret: secret }, signed);
      client.send(log(1));
      expect(await client.flush()).toMatchObject({ ok: true, accepted: 1 });
      const req = signed.requests[0];
      expect(req?.headers["fleetwatch-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    } finally {
      await signed.close();
    }
  });

  it("re-signs every attempt with a fresh timestamp", async () => {
    const signed = await startTestServer({ signingSecret: secret });
    signed.script({ status: 503 });
    let tick = 0;
    try {
      const { client } = h.makeClient(
        { signingSecret: secret, now: () => Date.now() + 2000 * tick++ },
        signed,
      );
      client.send(log(1, { time: "2026-11-22T10:00:00Z" }));
      expect((await client.flush()).ok).toBe(true);
      const headers = signed.requests.map((r) => String(r.headers["fleetwatch-signature"]));
      expect(new Set(headers).size).toBe(2);
      for (const r of signed.requests) {
        expect(() =>
          verifySignature(secret, String(r.headers["fleetwatch-signature"]), r.body, Date.now() + 10_000),
        ).not.toThrow();
      }
    } finally {
      await signed.close();
    }
  });

  it("reports a wrong secret as a permanent 403 with the server's message", async () => {
    const signed = await startTestServer({ signingSecret: secret });
    try {
      const { client, errors } = h.makeClient({ signingSecret: "wrong" }, signed);
      client.send(log(1));
      expect((await client.flush()).ok).toBe(false);
      expect(signed.requests).toHaveLength(1);
      expect(errors[0]).toMatchObject({ status: 403, code: "forbidden" });
      expect(errors[0]?.message).toMatch(/Signature does not match/);
    } finally {
      await signed.close();
    }
  });

  it("gzips bodies when asked, signing the bytes before gzip", async () => {
    const signed = await startTestServer({ signingSecret: secret });
    try {
      const { client } = h.makeClient({ gzip: true, signingSecret: secret }, signed);
      for (let i = 0; i < 50; i++) client.send(log(i));
      expect(await client.flush()).toMatchObject({ ok: true, accepted: 50 });
      const req = signed.requests[0];
      expect(req?.headers["content-encoding"]).toBe("gzip");
      expect(req?.wire.subarray(0, 2).toString("hex")).toBe("1f8b");
      const decoded = JSON.parse(gunzipSync(req?.wire as Buffer).toString("utf8")) as { events: unknown[] };
      expect(decoded.events).toHaveLength(50);
      expect(req?.wire.length).toBeLessThan(req?.body.length ?? 0);
      expect(() =>
        verifySignature(secret, String(req?.headers["fleetwatch-signature"]), req?.body as Buffer),
      ).not.toThrow();
    } finally {
      await signed.close();
    }
  });
});
