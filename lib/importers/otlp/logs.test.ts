import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { partialSuccess } from "@/lib/ingest/otlp-receiver";
import { parseEvent } from "@/lib/ingest/protocol";
import { stableEventId } from "@/lib/runner-client/ids";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { normaliseLogs, normaliseMetrics } from "./decode";
import { mapLogs } from "./logs";
import { mapMetrics } from "./metrics";
import { claudeLogsRequest, claudeMetricsRequest, claudeSession, kv, nanos } from "./otlp.test-helper";
import type { RawEvent } from "./util";

const SESSION = "6f1c2b7e-3d4a-4b5c-9d8e-7f6a5b4c3d2e";
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const NOW = new Date(Date.UTC(2026, 0, 6));
const of = (events: RawEvent[], type: string) => events.filter((e) => e.type === type);
const fixture = (name: string) =>
  JSON.parse(readFileSync(`${FIXTURES_DIR}/otlp/example-${name}.json`, "utf8"));

function expectValid(events: RawEvent[]) {
  for (const e of events) expect(parseEvent(e), JSON.stringify(e)).toMatchObject({ ok: true });
}

describe("Claude Code log events", () => {
  const mapping = mapLogs(normaliseLogs(claudeLogsRequest(SESSION, claudeSession(T0))), NOW);
  const events = mapping.events;

  it("maps a session to one job, started at its first event", () => {
    expectValid(events);
    expect(mapping.items).toBe(6);
    expect(mapping.ignoredCount).toBe(0);
    expect(new Set(events.map((e) => e.job))).toEqual(new Set([SESSION]));
    expect(of(events, "job.started")).toEqual([
      {
        id: `otlp:claude-code:${SESSION}:started:${T0}`,
        type: "job.started",
        time: new Date(T0).toISOString(),
        job: SESSION,
        agent: "alice@example.com",
        data: {
          harness: "claude-code",
          harness_version: "2.1.0",
          model: "claude-sonnet-4-5",
          title: "Fix the failing unit test",
          source: "opentelemetry",
        },
      },
    ]);
  });

  it("maps prompts, API requests, errors, tool decisions and results", () => {
    expect(of(events, "job.message").map((e) => e.data)).toEqual([
      { role: "user", text: "Fix the failing unit test", prompt_length: 24 },
    ]);
    expect(of(events, "job.usage").map((e) => e.data)).toEqual([
      {
        model: "claude-sonnet-4-5",
        input_tokens: 120,
        output_tokens: 340,
        cache_read_tokens: 15000,
        cache_write_tokens: 2000,
        cost_usd: 0.0123,
        duration_ms: "2900",
      },
      {
        model: "claude-sonnet-4-5",
        input_tokens: 30,
        output_tokens: 200,
        cache_read_tokens: 17000,
        cache_write_tokens: 0,
        cost_usd: 0.0077,
      },
    ]);
    expect(of(events, "job.log").map((e) => [e.data.level, e.data.message])).toEqual([
      ["info", "Tool Bash: accept (config)"],
      ["error", "API error 529 (claude-sonnet-4-5): Overloaded"],
    ]);
    // the tool call starts duration_ms before the result; ids are the hook's for the same tool_use_id
    expect(of(events, "job.tool_call")).toEqual([
      {
        id: stableEventId("cc", SESSION, "PreToolUse:toolu_01", "call"),
        type: "job.tool_call",
        time: new Date(T0 + 3100).toISOString(),
        job: SESSION,
        data: { call_id: "toolu_01", tool: "Bash", input: { bash_command: "npm", full_command: "npm test" } },
      },
    ]);
    expect(of(events, "job.tool_result")).toEqual([
      {
        id: stableEventId("cc", SESSION, "PostToolUseFailure:toolu_01", "result"),
        type: "job.tool_result",
        time: new Date(T0 + 4100).toISOString(),
        job: SESSION,
        data: {
          call_id: "toolu_01",
          is_error: true,
          output: "Exit code 1: 1 test failed",
          duration_ms: 1000,
          decision_type: "accept",
        },
      },
    ]);
  });

  it("gives a re-sent record the same ids, and records that differ different ones", () => {
    const again = mapLogs(normaliseLogs(claudeLogsRequest(SESSION, claudeSession(T0))), NOW);
    expect(again.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("reads the event name from event_name, the body or event.name; skips records without session.id", () => {
    const json = claudeLogsRequest(SESSION, [{ time: T0, name: "api_request", attributes: { model: "m" } }]);
    const record = json.resourceLogs[0]?.scopeLogs[0]?.logRecords[0] as Record<string, unknown>;
    delete record.body; // event.name "api_request" + service.name claude-code still identify it
    json.resourceLogs[0]?.scopeLogs[0]?.logRecords.push({
      timeUnixNano: nanos(T0),
      eventName: "claude_code.user_prompt",
      attributes: kv({ prompt_length: "3" }), // no session.id
    } as never);
    const m = mapLogs(normaliseLogs(json), NOW);
    expect(of(m.events, "job.usage")).toHaveLength(1);
    expect([...m.ignored]).toEqual([["claude_code events without a session id", 1]]);
  });

  it("notes an unrecorded prompt, keeps other claude_code events as debug logs", () => {
    const m = mapLogs(
      normaliseLogs(
        claudeLogsRequest(SESSION, [
          { time: T0, name: "user_prompt", attributes: { prompt_length: "12" } },
          { time: T0 + 1, name: "api_request_body", attributes: { body: "{}" } },
        ]),
      ),
      NOW,
    );
    expectValid(m.events);
    expect(of(m.events, "job.message")[0]?.data.text).toMatch(/OTEL_LOG_USER_PROMPTS=1/);
    expect(of(m.events, "job.log")[0]?.data).toMatchObject({
      level: "debug",
      message: "claude_code.api_request_body",
    });
    expect(of(m.events, "job.started")[0]?.data.title).toBeUndefined();
  });

  it("ignores the generic example log record", () => {
    const m = mapLogs(normaliseLogs(fixture("logs")), NOW);
    expect(m.events).toEqual([]);
    expect([...m.ignored]).toEqual([["log records that are not Claude Code or Codex events", 1]]);
  });
});

describe("Codex log events", () => {
  it("maps a conversation to a job: prompt, usage without cached input, tool call and result", () => {
    const attrs = (name: string, a: Record<string, string>) => ({
      timeUnixNano: nanos(T0),
      attributes: kv({
        "event.name": name,
        "conversation.id": "conv-1",
        model: "gpt-5-codex",
        "app.version": "0.50.0",
        ...a,
      }),
    });
    const m = mapLogs(
      normaliseLogs({
        resourceLogs: [
          {
            resource: { attributes: kv({ "service.name": "codex-cli" }) },
            scopeLogs: [
              {
                logRecords: [
                  attrs("codex.user_prompt", { prompt: "add tests" }),
                  attrs("codex.sse_event", { "event.kind": "response.output_text.delta" }),
                  attrs("codex.sse_event", {
                    "event.kind": "response.completed",
                    input_token_count: "5000",
                    cached_token_count: "4000",
                    output_token_count: "300",
                    reasoning_token_count: "120",
                  }),
                  attrs("codex.tool_result", {
                    tool_name: "shell",
                    call_id: "call_9",
                    arguments: '{"command":["ls"]}',
                    duration_ms: "42",
                    success: "true",
                    output: "a.ts",
                  }),
                ],
              },
            ],
          },
        ],
      }),
      NOW,
    );
    expectValid(m.events);
    expect(of(m.events, "job.started")[0]).toMatchObject({
      job: "conv-1",
      agent: "codex",
      data: { harness: "codex", harness_version: "0.50.0", model: "gpt-5-codex", title: "add tests" },
    });
    expect(of(m.events, "job.usage")[0]?.data).toEqual({
      model: "gpt-5-codex",
      input_tokens: 1000,
      output_tokens: 300,
      cache_read_tokens: 4000,
      reasoning_tokens: 120,
    });
    expect(of(m.events, "job.tool_call")[0]?.data).toEqual({
      call_id: "call_9",
      tool: "shell",
      input: { command: ["ls"] },
    });
    expect(of(m.events, "job.tool_result")[0]?.data).toEqual({
      call_id: "call_9",
      is_error: false,
      output: "a.ts",
      duration_ms: 42,
    });
    expect(m.ignoredCount).toBe(1);
  });
});

describe("metrics", () => {
  it("records Claude Code's cost and token points as one debug log per session, never as usage", () => {
    const m = mapMetrics(normaliseMetrics(claudeMetricsRequest(SESSION, T0)), NOW);
    expectValid(m.events);
    expect(m.items).toBe(5);
    expect(of(m.events, "job.usage")).toEqual([]);
    expect(of(m.events, "job.started")[0]).toMatchObject({
      id: `otlp:claude-code:${SESSION}:started:${T0}`,
      time: new Date(T0).toISOString(),
      agent: "alice@example.com",
    });
    const [log] = of(m.events, "job.log");
    expect(log?.data.message).toBe(
      "Claude Code metrics (delta): cost $0.02; tokens input 150, output 540, cacheRead 32000; session.count 1",
    );
    expect(log?.data.metrics).toContainEqual({
      name: "claude_code.token.usage",
      value: 540,
      unit: "tokens",
      temporality: "delta",
      start: new Date(T0).toISOString(),
      time: new Date(T0 + 60_000).toISOString(),
      attributes: { model: "claude-sonnet-4-5", type: "output" },
    });
    const again = mapMetrics(normaliseMetrics(claudeMetricsRequest(SESSION, T0)), NOW);
    expect(again.events.map((e) => e.id)).toEqual(m.events.map((e) => e.id));
  });

  it("acknowledges and ignores other metrics (the official example)", () => {
    const m = mapMetrics(normaliseMetrics(fixture("metrics")), NOW);
    expect(m.events).toEqual([]);
    expect(m.items).toBe(4);
    expect([...m.ignored]).toEqual([["metrics other than Claude Code's", 4]]);
  });
});

describe("partial success", () => {
  it("counts the items whose events were rejected; warns only about items that look misconfigured", () => {
    const m = mapLogs(normaliseLogs(claudeLogsRequest(SESSION, claudeSession(T0))), NOW);
    m.ignore("log records that are not Claude Code or Codex events"); // not for Fleetwatch: silent
    expect(partialSuccess("logs", m, { accepted: 13, duplicates: 0, rejected: 0 })).toBeNull();
    m.ignore("claude_code events without a session id", { warn: true });
    expect(partialSuccess("logs", m, { accepted: 13, duplicates: 0, rejected: 0 })).toEqual({
      rejected: 0,
      errorMessage: "ignored 1 claude_code events without a session id",
    });
    const results = m.events.map((e, index) => ({
      index,
      id: e.id,
      status: index === 1 || index === 2 ? ("rejected" as const) : ("accepted" as const),
      ...(index === 1 || index === 2 ? { error: "data.model: Invalid input" } : {}),
    }));
    const partial = partialSuccess("logs", m, { accepted: 0, duplicates: 0, rejected: 2, results });
    expect(partial?.rejected).toBe(2); // events 1 and 2 come from records 1 and 2
    expect(partial?.errorMessage).toMatch(
      /^2 of 6 log records rejected; event otlp:claude-code:.*data\.model.*; ignored 1 claude_code events without a session id$/,
    );
    expect(partialSuccess("logs", mapLogs(normaliseLogs({}), NOW), null)).toBeNull();
  });
});
