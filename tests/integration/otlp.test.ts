// The OTLP/HTTP receiver: route handlers called with real Requests against PostgreSQL (the OpenTelemetry JS SDK
// exporters against a running server: otlp-exporters.test.ts).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postLogs } from "@/app/api/otlp/v1/logs/route";
import { POST as postMetrics } from "@/app/api/otlp/v1/metrics/route";
import { POST as postTraces } from "@/app/api/otlp/v1/traces/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { apiKey, rateLimitWindow } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import {
  agentTrace,
  claudeLogsRequest,
  claudeMetricsRequest,
  claudeSession,
  toProtobuf,
} from "@/lib/importers/otlp/otlp.test-helper";
import { root, type Signal } from "@/lib/importers/otlp/proto";
import { ingestBatch } from "@/lib/ingest/ingest";
import { flushRateLimits } from "@/lib/ingest/rate-limit";
import { mapHookInput } from "@/lib/runner-client/claude-code-map";
import { createTestProject } from "../helpers/db";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";
import { kinds, otlpReaders } from "../helpers/otlp";
import { projected } from "../helpers/projections";

const BASE = "http://fleetwatch.test";
const noParams = { params: Promise.resolve({}) };
const ROUTES = { traces: postTraces, logs: postLogs, metrics: postMetrics };
const JSON_TYPE = "application/json";
const PROTOBUF = "application/x-protobuf";

let handle: DbHandle;
let projectId: string;
let ingestKey: string;
let readKey: string;

beforeAll(async () => {
  handle = await getDbHandle();
  projectId = (await createTestProject(handle)).id;
  ingestKey = (await createApiKey({ db: handle.db, projectId, name: "otel", scopes: ["ingest"] })).key;
  readKey = (await createApiKey({ db: handle.db, projectId, name: "read", scopes: ["read"] })).key;
});
afterAll(async () => {
  await handle.close();
});

/** Posts, then waits for the projections (the receiver answers at the append; the projector folds after). */
async function post(signal: Signal, body: string | Uint8Array, headers: Record<string, string> = {}) {
  const res = await ROUTES[signal](
    new Request(`${BASE}/api/otlp/v1/${signal}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ingestKey}`, "content-type": JSON_TYPE, ...headers },
      body: body as BodyInit,
    }),
    noParams,
  );
  await projected(handle.db, projectId);
  return res;
}
const postJson = (signal: Signal, json: unknown, headers: Record<string, string> = {}) =>
  post(signal, JSON.stringify(json), headers);
const postProto = (signal: Signal, json: unknown, headers: Record<string, string> = {}) =>
  post(signal, toProtobuf(signal, json), { "content-type": PROTOBUF, ...headers });

function decodeMessage(type: string, bytes: ArrayBuffer) {
  const t = root.lookupType(type);
  return t.toObject(t.decode(new Uint8Array(bytes)), { longs: Number, defaults: true });
}

const { jobRow, entries } = otlpReaders(() => ({ handle, projectId }));

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const traceId = () => crypto.randomUUID().replaceAll("-", "");

describe("POST /api/otlp/v1/traces", () => {
  it.each([
    ["JSON", JSON_TYPE],
    ["protobuf", PROTOBUF],
  ])("stores a GenAI agent run sent as %s and answers in the request's encoding", async (_, type) => {
    const id = traceId();
    const json = agentTrace(id, T0);
    const res = type === PROTOBUF ? await postProto("traces", json) : await postJson("traces", json);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain(type);
    // the HTTP span among them is ignored silently: not every span is for Fleetwatch
    if (type === PROTOBUF) expect((await res.arrayBuffer()).byteLength).toBe(0);
    else expect(await res.json()).toEqual({});

    expect(await jobRow(id)).toMatchObject({
      status: "succeeded",
      agentName: "scout",
      harness: "research-bot",
      harnessVersion: "1.4.0",
      model: "gpt-5",
      title: "What is the weather in Paris?",
      summary: "It is 21°C in Paris.",
      inputTokens: 200 + 1400,
      outputTokens: 120,
      cacheReadTokens: 1000,
      startedAt: new Date(T0),
      endedAt: new Date(T0 + 9000),
    });
    // Priced from the table (no cost reported): gpt-5 at 1.25 input / 0.125 cached / 10 output per million:
    // (200*1.25 + 1000*0.125 + 80*10) + (1400*1.25 + 40*10) = 1175 + 2150 = 3325 -> $0.003325
    const priced = await jobRow(id);
    expect(Number(priced?.computedCostUsd)).toBeCloseTo(0.003325, 8);
    expect(Number(priced?.costUsd)).toBeCloseTo(0.003325, 8);
    expect(priced?.reportedCostUsd).toBeNull();
    const rows = await entries(id);
    expect(kinds(rows)).toEqual({ lifecycle: 2, message: 3, usage: 2, tool_call: 1, tool_result: 1 });
    expect(rows.find((r) => r.kind === "tool_call")).toMatchObject({
      callId: "call_1",
      tool: "get_weather",
      content: { city: "Paris" },
    });
  });

  it("acknowledges a retried export without changing anything", async () => {
    const id = traceId();
    const body = JSON.stringify(agentTrace(id, T0));
    expect((await post("traces", body)).status).toBe(200);
    const before = await jobRow(id);
    expect((await post("traces", gzipSync(body), { "content-encoding": "gzip" })).status).toBe(200);
    expect(await jobRow(id)).toMatchObject({
      inputTokens: before?.inputTokens,
      eventCount: before?.eventCount,
      status: "succeeded",
    });
  });

  it("answers {} for a request without spans, and ignores non-GenAI spans", async () => {
    const res = await postJson("traces", {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const empty = await postProto("traces", {});
    expect(empty.status).toBe(200);
    expect((await empty.arrayBuffer()).byteLength).toBe(0);
  });
});

describe("POST /api/otlp/v1/logs and /metrics: Claude Code", () => {
  it("stores a session's events (JSON) and its metrics (protobuf, gzip) without counting usage twice", async () => {
    const session = crypto.randomUUID();
    const logs = await postJson("logs", claudeLogsRequest(session, claudeSession(T0)));
    expect(logs.status).toBe(200);
    expect(await logs.json()).toEqual({});
    const metrics = await post(
      "metrics",
      gzipSync(toProtobuf("metrics", claudeMetricsRequest(session, T0))),
      {
        "content-type": PROTOBUF,
        "content-encoding": "gzip",
      },
    );
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toBe(PROTOBUF);

    expect(await jobRow(session)).toMatchObject({
      status: "running",
      agentName: "alice@example.com",
      harness: "claude-code",
      harnessVersion: "2.1.0",
      model: "claude-sonnet-4-5",
      title: "Fix the failing unit test",
      inputTokens: 150,
      outputTokens: 540,
      cacheReadTokens: 32000,
      cacheWriteTokens: 2000,
      reportedCostUsd: "0.02000000",
      startedAt: new Date(T0),
    });
    // Claude Code reported $0.0123 + $0.0077: that is the cost. The table's figure is kept beside it, Sonnet 4.5
    // at 3 / 15 / read 0.30 / write 3.75: (120*3 + 340*15 + 15000*0.3 + 2000*3.75) + (30*3 + 200*15 + 17000*0.3)
    // = 17460 + 8190 = 25650 -> $0.02565
    const priced = await jobRow(session);
    expect(Number(priced?.costUsd)).toBeCloseTo(0.02, 8);
    expect(Number(priced?.computedCostUsd)).toBeCloseTo(0.02565, 8);
    const rows = await entries(session);
    expect(kinds(rows)).toEqual({ lifecycle: 1, message: 1, usage: 2, log: 3, tool_call: 1, tool_result: 1 });
    expect(rows.find((r) => r.kind === "tool_result")).toMatchObject({
      callId: "toolu_01",
      isError: true,
      text: "Exit code 1: 1 test failed",
    });
    expect(rows.find((r) => r.kind === "log" && r.role === "debug")?.text).toMatch(
      /^Claude Code metrics \(delta\)/,
    );
  });

  it("stores a tool call once when the Claude Code hook reported the same session", async () => {
    const session = crypto.randomUUID();
    const hook = (input: Record<string, unknown>, at: number) =>
      mapHookInput({ session_id: session, ...input }, { agent: "alice-laptop", host: "h", now: new Date(at) })
        .events;
    const hookEvents = [
      ...hook({ hook_event_name: "SessionStart", cwd: "/src/app" }, T0 - 60_000),
      ...hook(
        {
          hook_event_name: "PreToolUse",
          tool_name: "Bash",
          tool_use_id: "toolu_01",
          tool_input: { command: "npm test" },
        },
        T0 + 3100,
      ),
      ...hook(
        {
          hook_event_name: "PostToolUseFailure",
          tool_name: "Bash",
          tool_use_id: "toolu_01",
          error: "Exit code 1",
        },
        T0 + 4100,
      ),
    ].map((e) => ({ ...e, time: (e.time as Date).toISOString() }));
    await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: hookEvents });
    expect((await postJson("logs", claudeLogsRequest(session, claudeSession(T0)))).status).toBe(200);

    expect(await jobRow(session)).toMatchObject({
      agentName: "alice-laptop",
      startedAt: new Date(T0 - 60_000),
      title: "Claude Code in app",
      inputTokens: 150,
    });
    const rows = await entries(session);
    expect(kinds(rows)).toMatchObject({ lifecycle: 1, tool_call: 1, tool_result: 1, usage: 2 });
    expect(rows.find((r) => r.kind === "tool_call")?.content).toEqual({ command: "npm test" }); // the hook's
  });

  it("acknowledges the official examples silently, warns about Claude Code events without session.id", async () => {
    for (const [signal, name] of [
      ["traces", "trace"],
      ["logs", "logs"],
      ["metrics", "metrics"],
    ] as const) {
      const json = JSON.parse(readFileSync(`${FIXTURES_DIR}/otlp/example-${name}.json`, "utf8"));
      const res = await postJson(signal, json);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
    }
    const noSession = claudeLogsRequest("x", [{ time: T0, name: "api_request", attributes: {} }]);
    const record = noSession.resourceLogs[0]?.scopeLogs[0]?.logRecords[0];
    if (record) record.attributes = record.attributes.filter((a) => a.key !== "session.id");
    expect(await (await postJson("logs", noSession)).json()).toEqual({
      partialSuccess: {
        rejectedLogRecords: 0,
        errorMessage: "ignored 1 claude_code events without a session id",
      },
    });
  });
});

describe("errors", () => {
  async function expectStatus(
    res: Response,
    status: number,
    code: number,
    message: RegExp,
    type = JSON_TYPE,
  ) {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain(type);
    const body =
      type === PROTOBUF
        ? decodeMessage("RpcStatus", await res.arrayBuffer())
        : ((await res.json()) as { code: number; message: string });
    expect(body.code).toBe(code);
    expect(body.message).toMatch(message);
  }

  it("401 without a key or with an unknown one, in the request's encoding", async () => {
    await expectStatus(await postJson("traces", {}, { authorization: "" }), 401, 16, /Missing API key/);
    await expectStatus(
      await postProto("logs", {}, { authorization: "Bearer fw_nope" }),
      401,
      16,
      /Unknown API key/,
      PROTOBUF,
    );
  });

  it("403 for a key without the ingest scope, or one that requires signatures", async () => {
    await expectStatus(
      await postJson("traces", {}, { authorization: `Bearer ${readKey}` }),
      403,
      7,
      /"ingest" scope/,
    );
    const signed = await createApiKey({
      db: handle.db,
      projectId,
      name: "s",
      scopes: ["ingest"],
      signed: true,
    });
    await expectStatus(
      await postJson("traces", {}, { authorization: `Bearer ${signed.key}` }),
      403,
      7,
      /OpenTelemetry exporters cannot send/,
    );
  });

  it("400 for undecodable bodies, 415 for other content types, 413 for oversized bodies", async () => {
    await expectStatus(await post("traces", "{nope"), 400, 3, /not valid JSON/);
    await expectStatus(await postJson("metrics", { resourceMetrics: {} }), 400, 3, /must be an array/);
    await expectStatus(
      await post("traces", new Uint8Array([0x0a, 0xff, 0xff]), { "content-type": PROTOBUF }),
      400,
      3,
      /not a valid protobuf/,
      PROTOBUF,
    );
    await expectStatus(
      await post("logs", "x", { "content-type": "text/plain" }),
      415,
      3,
      /application\/x-protobuf/,
    );
    await expectStatus(await post("logs", "x".repeat(6_000_000)), 413, 8, /exceeds/);
  });

  it("429 with Retry-After once the key is over its rate limit", async () => {
    const { key, record } = await createApiKey({ db: handle.db, projectId, name: "lim", scopes: ["ingest"] });
    await handle.db.update(apiKey).set({ rateLimitPerMinute: 1 }).where(eq(apiKey.id, record.id));
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000)));
    const window = Math.floor(Date.now() / 60_000) * 60_000;
    for (const start of [window, window + 60_000]) {
      await handle.db
        .insert(rateLimitWindow)
        .values({ keyId: record.id, windowStart: new Date(start), count: 1 });
    }
    // this instance has not seen the window yet: it admits one request (the bounded overshoot of
    // lib/ingest/rate-limit.ts), whose send brings back the count other instances used, then it refuses
    expect((await postProto("traces", {}, { authorization: `Bearer ${key}` })).status).toBe(200);
    await flushRateLimits();
    const res = await postProto("traces", {}, { authorization: `Bearer ${key}` });
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await expectStatus(res, 429, 8, /1 requests per minute/, PROTOBUF);
  });
});
