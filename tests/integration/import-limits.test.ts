// POST /api/v1/import under hostile uploads: the route handler called with real Requests (streams with and
// without Content-Length) against PostgreSQL. The default cap is FLEETWATCH_IMPORT_MAX_MB = 50:
// 50 * 1024 * 1024 = 52,428,800 bytes; a line is capped at 8 * 1024 * 1024 = 8,388,608 bytes.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { performance as perf } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postImport } from "@/app/api/v1/import/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { apiKey, job } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { consumeUserRate } from "@/lib/http/ingest-gate";
import { importResponseSchema } from "@/lib/importers/schemas";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { signBody } from "@/lib/ingest/signature";
import { createTestProject } from "../helpers/db";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";

const BASE = "http://fleetwatch.test";
const noParams = { params: Promise.resolve({}) };
const LIMIT = 50 * 1024 * 1024;
const CHUNK = 64 * 1024;

let handle: DbHandle;
let key: string;

beforeAll(async () => {
  handle = await getDbHandle();
  const project = await createTestProject(handle);
  key = (await createApiKey({ db: handle.db, projectId: project.id, name: "imp", scopes: ["ingest"] })).key;
});
afterAll(async () => {
  await handle.close();
});

function post(
  body: BodyInit,
  { query = "file_name=upload.jsonl", headers = {}, auth = key } = {} as {
    query?: string;
    headers?: Record<string, string>;
    auth?: string;
  },
) {
  return postImport(
    new Request(`${BASE}/api/v1/import?${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${auth}`, "content-type": "application/x-ndjson", ...headers },
      body,
      duplex: "half",
    } as RequestInit),
    noParams,
  );
}

/** A body of `total` bytes made by `chunk(i)`, counting what the server pulled (no Content-Length). */
function streamOf(total: number, chunk: (i: number) => Uint8Array) {
  const pulled = { bytes: 0, cancelled: false };
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      const c = chunk(i++);
      pulled.bytes += c.byteLength;
      controller.enqueue(c);
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { stream, pulled };
}

async function expectError(res: Response, status: number, code: string, message?: RegExp) {
  const body = errorResponseSchema.parse(await res.json());
  expect([res.status, body.error.code]).toEqual([status, code]);
  if (message) expect(body.error.message).toMatch(message);
  return body;
}

const fixture = (rel: string) => fs.readFileSync(path.join(FIXTURES_DIR, rel));

describe("POST /api/v1/import: valid files", () => {
  it("imports a raw Claude Code session (the body is the file) and the JSON {file_name, text} form", async () => {
    const raw = await post(fixture("claude-code/viewer-session-5c0375b4.jsonl"), {
      query: "file_name=viewer-session-5c0375b4.jsonl",
    });
    expect(raw.status).toBe(200);
    const a = importResponseSchema.parse(await raw.json());
    expect(a.format).toBe("claude-code-session");
    expect(a.accepted).toBeGreaterThan(10);
    expect(a.accepted).toBe(a.events);
    // the session is one job, listed with its id, and a Jobs window that holds it (first event 2025-09-07 09:52:03)
    expect(a.jobs_total).toBe(1);
    expect(a.jobs.map((j) => j.external_id)).toEqual(["5c0375b4-57a5-4f26-b12d-d022ee4e51b7"]);
    expect(a.jobs[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(a.jobs_window?.from ?? "")).toBeLessThan(Date.parse("2025-09-07T09:52:03.071Z"));
    expect(Date.parse(a.jobs_window?.to ?? "")).toBeGreaterThan(Date.parse("2025-09-07T09:52:03.071Z"));

    const text = fixture("codex/rollout-small-current.jsonl").toString("utf8");
    const env = await post(JSON.stringify({ file_name: "rollout-small-current.jsonl", text }), {
      headers: { "content-type": "application/json" },
    });
    expect(env.status).toBe(200);
    const b = importResponseSchema.parse(await env.json());
    expect(b.format).toBe("codex-rollout");
    expect(b.accepted).toBeGreaterThan(5);
  });

  it("refuses multipart and other content types with 415", async () => {
    await expectError(
      await post("--x\r\n", { headers: { "content-type": "multipart/form-data; boundary=x" } }),
      415,
      "unsupported_media_type",
    );
  });
});

describe("POST /api/v1/import: size caps", () => {
  /** 64 KB of JSON object lines (1,020 bytes each, the tail zero-filled), so only the size is wrong. */
  const jsonlChunk = new Uint8Array(CHUNK);
  const line = new TextEncoder().encode(`${JSON.stringify({ type: "user", text: "x".repeat(1000) })}\n`);
  for (let at = 0; at + line.length <= CHUNK; at += line.length) jsonlChunk.set(line, at);

  it("answers 413 naming the limit from an honest Content-Length, before reading the body", async () => {
    const { stream, pulled } = streamOf(LIMIT + 1, () => new Uint8Array(CHUNK).fill(0x61));
    const res = await post(stream, { headers: { "content-length": String(LIMIT + 1) } });
    await expectError(res, 413, "payload_too_large", /exceeds 50 MB \(FLEETWATCH_IMPORT_MAX_MB\)/);
    // the stream starts pulling one chunk when the Request is built; the route reads none of it
    expect(pulled.bytes).toBeLessThanOrEqual(CHUNK);
  });

  it("answers 413 for a chunked body without Content-Length once 50 MB have been counted", async () => {
    // 51 MB of valid-looking JSONL lines; reading stops at the first chunk past 52,428,800 bytes
    const { stream, pulled } = streamOf(51 * 1024 * 1024, () => jsonlChunk);
    const res = await post(stream);
    await expectError(res, 413, "payload_too_large", /50 MB/);
    expect(pulled.bytes).toBeLessThanOrEqual(LIMIT + 3 * CHUNK);
    expect(pulled.cancelled).toBe(true);
  });

  it("answers 413 when Content-Length lies (says 100 bytes, sends 51 MB)", async () => {
    const { stream, pulled } = streamOf(51 * 1024 * 1024, () => jsonlChunk);
    const res = await post(stream, { headers: { "content-length": "100" } });
    await expectError(res, 413, "payload_too_large");
    expect(pulled.bytes).toBeLessThanOrEqual(LIMIT + 3 * CHUNK);
  });

  it("counts gzip bodies after decoding: a 51 MB file in ~0.2 MB of gzip is refused, a small one imported", async () => {
    const bomb = gzipSync(Buffer.concat(Array.from({ length: 51 * 16 }, () => jsonlChunk)));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectError(
      await post(bomb, { headers: { "content-encoding": "gzip" } }),
      413,
      "payload_too_large",
    );
    const ok = await post(gzipSync(fixture("codex/rollout-small-current.jsonl")), {
      query: "file_name=rollout-small-current.jsonl",
      headers: { "content-encoding": "gzip" },
    });
    expect(ok.status).toBe(200);
    expect(importResponseSchema.parse(await ok.json()).format).toBe("codex-rollout");
  });

  it("answers 413 for more than 1,000,000 lines (2 MB of newlines), each of which costs memory", async () => {
    const { stream } = streamOf(2 * 1024 * 1024, () => new Uint8Array(CHUNK).fill(0x0a));
    await expectError(await post(stream), 413, "too_many_lines", /more than 1,000,000 lines/);
  });

  it("answers 413 naming line 1 for one 9 MB line without a newline, as soon as 8 MB of it arrived", async () => {
    const { stream, pulled } = streamOf(40 * 1024 * 1024, () => new Uint8Array(CHUNK).fill(0x7b));
    const res = await post(stream);
    await expectError(res, 413, "line_too_long", /^Line 1 is longer than 8 MB/);
    // 8 MB = 128 chunks; the worker refuses on the 129th, the route notices within a few more
    expect(pulled.bytes).toBeLessThan(20 * 1024 * 1024);
  });
});

describe("POST /api/v1/import: garbage", () => {
  /**
   * Runs `send` while a 5 ms timer watches the event loop: `maxGap` is the longest wall time between two
   * ticks, `maxBusy` the longest the loop was busy between two ticks (event loop utilisation, so time the
   * thread merely waited for a CPU on the shared test machine does not count; a synchronous parse does).
   */
  async function loopGap<T>(send: () => Promise<T>) {
    let last = performance.now();
    let lastElu = perf.eventLoopUtilization();
    let maxGap = 0;
    let maxBusy = 0;
    const tick = () => {
      const now = performance.now();
      const elu = perf.eventLoopUtilization();
      maxGap = Math.max(maxGap, now - last);
      maxBusy = Math.max(maxBusy, elu.active - lastElu.active);
      last = now;
      lastElu = elu;
    };
    const timer = setInterval(tick, 5);
    const t0 = performance.now();
    try {
      const result = await send();
      tick(); // a block that ends right before the response resolves is seen by no timer callback
      return { result, maxGap, maxBusy, ms: performance.now() - t0 };
    } finally {
      clearInterval(timer);
    }
  }

  // Two kinds of garbage, each sent as the file itself (raw) and inside the JSON form (envelope), encoded
  // before the timer starts (the client's own JSON.stringify is not the server's time) and streamed in
  // 64 KB chunks as a socket delivers them:
  // - 20 MB of random bytes: ~80,000 "lines" that are not JSON;
  // - one 7 MB line of 3.5 million "[" then as many "]": JSON.parse takes ~1 s for it, twice (two detectors).
  const random = randomBytes(20 * 1024 * 1024);
  const nested = Buffer.from(`${"[".repeat(3_500_000)}${"]".repeat(3_500_000)}`);
  const envelope = (text: string) => Buffer.from(JSON.stringify({ file_name: "upload.jsonl", text }));
  const chunked = (b: Buffer) => streamOf(b.length, (i) => b.subarray(i * CHUNK, (i + 1) * CHUNK)).stream;
  const cases: [string, () => Promise<Response>][] = [
    ["20 MB of random bytes, raw", () => post(chunked(random))],
    ["7 MB of nesting, raw", () => post(chunked(nested))],
  ];
  for (const [name, body] of [
    ["20 MB of random bytes, envelope", envelope(random.toString("latin1"))],
    ["7 MB of nesting, envelope", envelope(nested.toString("latin1"))],
  ] as const)
    cases.push([name, () => post(chunked(body), { headers: { "content-type": "application/json" } })]);

  for (const [name, send] of cases) {
    it(`rejects ${name} with 422 while the event loop stays free`, async () => {
      const { result: res, maxGap, maxBusy, ms } = await loopGap(send);
      expect(res.status).toBe(422);
      // refused while reading (an error body) or after (the import's report with the reason)
      const json = (await res.json()) as { error?: { message: string }; skipped?: { reason: string }[] };
      expect(json.error?.message ?? json.skipped?.[0]?.reason).toMatch(/not a Claude Code or Codex/i);
      console.log(
        `${name}: ${Math.round(ms)} ms; event loop: longest busy ${Math.round(maxBusy)} ms, longest gap ${Math.round(maxGap)} ms`,
      );
      // Parsed on the request thread (before: JSON.parse of the body, then the lines), the loop is busy for
      // the whole parse in one piece: 1.8 s (random bytes) and 3.2 s (nesting) on this machine.
      expect(maxBusy).toBeLessThan(100);
    });
  }

  it("refuses 40 MB of text without a JSON object after its first 1000 lines, without reading the rest", async () => {
    const chunk = new TextEncoder().encode(`${"not json at all ".repeat(63)}\n`.repeat(64)); // 64 lines, 64,576 bytes
    const { stream, pulled } = streamOf(40 * 1024 * 1024, () => chunk);
    const res = await post(stream);
    await expectError(res, 422, "unrecognised_format", /none of its first 1000 lines is a JSON object/);
    // 1000 lines = 16 chunks (~1 MB); the route stays at most 4 MB ahead of the worker
    expect(pulled.bytes).toBeLessThan(8 * 1024 * 1024);
  });

  it("skips a deeply nested line without parsing it, and says why", async () => {
    const deep = `${"[".repeat(2_000_000)}${"]".repeat(2_000_000)}`;
    const session = fixture("claude-code/viewer-session-5c0375b4.jsonl").toString("utf8");
    const res = await post(`${session.trimEnd()}\n${deep}\n`, {
      query: "file_name=viewer-session-5c0375b4.jsonl",
    });
    expect(res.status).toBe(200);
    const body = importResponseSchema.parse(await res.json());
    const lines = session.trimEnd().split("\n").length;
    expect(body.skipped).toContainEqual({
      line: lines + 1,
      reason: "nested deeper than 100 levels: not read",
    });
  });

  it("answers 400 for an unreadable JSON envelope", async () => {
    await expectError(
      await post('{"file_name": "a.jsonl", "text": ', { headers: { "content-type": "application/json" } }),
      400,
      "bad_request",
      /not valid JSON/,
    );
  });
});

describe("POST /api/v1/import: rate limit", () => {
  it("answers 429 with Retry-After once a key has used its requests per minute", async () => {
    const project = await createTestProject(handle);
    const { key: limited, record } = await createApiKey({
      db: handle.db,
      projectId: project.id,
      name: "limited",
      scopes: ["ingest"],
    });
    await handle.db.update(apiKey).set({ rateLimitPerMinute: 2 }).where(eq(apiKey.id, record.id));
    const file = fixture("codex/rollout-small-current.jsonl");
    const send = () => post(file, { query: "file_name=rollout-small-current.jsonl", auth: limited });
    // a minute boundary between the calls would reset the window: start right after one if close to it
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000)));
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const third = await send();
    const retryAfter = Number(third.headers.get("retry-after"));
    await expectError(third, 429, "rate_limited", /2 requests per minute/);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("counts a signed-in user's imports per minute window", () => {
    // limit 2 in the window starting at 120,000 ms: calls 1 and 2 pass, call 3 at 150,000 waits
    // 180,000 - 150,000 = 30 s; the next window (180,000) starts again at 1
    expect(consumeUserRate("u1", 2, 120_000)).toBeNull();
    expect(consumeUserRate("u1", 2, 130_000)).toBeNull();
    expect(consumeUserRate("u1", 2, 150_000)).toBe(30);
    expect(consumeUserRate("u2", 2, 150_000)).toBeNull();
    expect(consumeUserRate("u1", 2, 180_000)).toBeNull();
  });
});

describe("POST /api/v1/import: keys that sign", () => {
  it("verifies a signing key's signature over the whole file before storing any of it", async () => {
    // The same gate as /api/v1/events: before, an import with a signing key's bearer token skipped the check.
    const project = await createTestProject(handle);
    const made = await createApiKey({
      db: handle.db,
      projectId: project.id,
      name: "signs",
      scopes: ["ingest"],
      signed: true,
    });
    const secret = made.signingSecret as string;
    const file = fixture("codex/rollout-small-current.jsonl");
    const query = "file_name=rollout-small-current.jsonl";
    await expectError(
      await post(file, { query, auth: made.key }),
      403,
      "forbidden",
      /requires signed requests/,
    );
    // signed over other bytes: refused, and nothing of the file was stored
    const other = signBody(secret, Buffer.concat([file, Buffer.from("\n")]));
    await expectError(
      await post(file, { query, auth: made.key, headers: { "fleetwatch-signature": other } }),
      403,
      "forbidden",
      /does not match/,
    );
    const [none] = await handle.db.select({ n: count() }).from(job).where(eq(job.projectId, project.id));
    expect(none?.n).toBe(0);
    const ok = await post(file, {
      query,
      auth: made.key,
      headers: { "fleetwatch-signature": signBody(secret, file) },
    });
    expect(ok.status).toBe(200);
    const body = importResponseSchema.parse(await ok.json());
    expect(body.format).toBe("codex-rollout");
    expect(body.jobs_total).toBe(1);
  });
});
