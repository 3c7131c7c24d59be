// Builders of OTLP/JSON export requests for the tests: GenAI spans and Claude Code log records as
// instrumentations send them, and their protobuf encoding.
import { root, type Signal } from "./proto";

type Value = string | number | boolean | Value[] | { [key: string]: Value };

export function anyValue(v: Value): Record<string, unknown> {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return { kvlistValue: { values: kv(v) } };
}

export const kv = (attrs: Record<string, Value>) =>
  Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));

export const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;

export type SpanSpec = {
  spanId: string;
  parentSpanId?: string;
  name: string;
  start: number;
  end: number;
  attributes: Record<string, Value>;
  error?: string;
  events?: { name: string; time: number; attributes: Record<string, Value> }[];
};

export function traceRequest(
  traceId: string,
  spans: SpanSpec[],
  resource: Record<string, Value> = { "service.name": "research-bot", "service.version": "1.4.0" },
) {
  return {
    resourceSpans: [
      {
        resource: { attributes: kv(resource) },
        scopeSpans: [
          {
            scope: { name: "fleetwatch-test", version: "1.0.0" },
            spans: spans.map((s) => ({
              traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: 1,
              startTimeUnixNano: nanos(s.start),
              endTimeUnixNano: nanos(s.end),
              attributes: kv(s.attributes),
              events: (s.events ?? []).map((e) => ({
                name: e.name,
                timeUnixNano: nanos(e.time),
                attributes: kv(e.attributes),
              })),
              status: s.error ? { code: 2, message: s.error } : { code: 1 },
            })),
          },
        ],
      },
    ],
  };
}

/** An agent run in GenAI conventions: invoke_agent > chat, execute_tool, chat. Times in ms from `t0`. */
export function agentTrace(traceId: string, t0: number, options: { error?: string } = {}) {
  return traceRequest(traceId, [
    {
      spanId: "a000000000000001",
      name: "invoke_agent scout",
      start: t0,
      end: t0 + 9000,
      error: options.error,
      attributes: {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "scout",
        "gen_ai.agent.id": "agent_123",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-5",
        "gen_ai.input.messages": JSON.stringify([
          { role: "user", parts: [{ type: "text", content: "What is the weather in Paris?" }] },
        ]),
        ...(options.error
          ? { "error.type": "timeout" }
          : {
              "gen_ai.output.messages": JSON.stringify([
                { role: "assistant", parts: [{ type: "text", content: "It is 21°C in Paris." }] },
              ]),
            }),
      },
    },
    {
      spanId: "c000000000000001",
      parentSpanId: "a000000000000001",
      name: "chat gpt-5",
      start: t0 + 100,
      end: t0 + 2000,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-5",
        "gen_ai.response.model": "gpt-5-2025-08-07",
        "gen_ai.response.id": "chatcmpl-1",
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 80,
        "gen_ai.usage.cache_read.input_tokens": 1000,
        "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: "You are scout." }]),
        "gen_ai.input.messages": JSON.stringify([
          { role: "user", parts: [{ type: "text", content: "What is the weather in Paris?" }] },
        ]),
        "gen_ai.output.messages": JSON.stringify([
          {
            role: "assistant",
            parts: [{ type: "tool_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } }],
            finish_reason: "tool_call",
          },
        ]),
      },
    },
    {
      spanId: "d000000000000001",
      parentSpanId: "a000000000000001",
      name: "execute_tool get_weather",
      start: t0 + 2100,
      end: t0 + 2600,
      attributes: {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "get_weather",
        "gen_ai.tool.call.id": "call_1",
        "gen_ai.tool.type": "function",
        "gen_ai.tool.call.arguments": '{"city":"Paris"}',
        "gen_ai.tool.call.result": '{"temperature_c":21}',
      },
    },
    {
      spanId: "c000000000000002",
      parentSpanId: "a000000000000001",
      name: "chat gpt-5",
      start: t0 + 2700,
      end: t0 + 8900,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-5",
        "gen_ai.usage.input_tokens": 1400,
        "gen_ai.usage.output_tokens": 40,
        "gen_ai.input.messages": JSON.stringify([
          { role: "user", parts: [{ type: "text", content: "What is the weather in Paris?" }] },
          { role: "assistant", parts: [{ type: "tool_call", id: "call_1", name: "get_weather" }] },
          { role: "tool", parts: [{ type: "tool_call_response", id: "call_1", response: "21C" }] },
        ]),
        "gen_ai.output.messages": JSON.stringify([
          {
            role: "assistant",
            parts: [{ type: "text", content: "It is 21°C in Paris." }],
            finish_reason: "stop",
          },
        ]),
      },
    },
    {
      spanId: "e000000000000001",
      parentSpanId: "a000000000000001",
      name: "GET https://api.example.com",
      start: t0 + 2200,
      end: t0 + 2500,
      attributes: { "http.request.method": "GET", "url.full": "https://api.example.com" },
    },
  ]);
}

export type LogSpec = { time: number; name: string; attributes: Record<string, Value> };

/** Claude Code's log records: body and event.name as Claude Code sends them, standard attributes added. */
export function claudeLogsRequest(session: string, records: LogSpec[], version = "2.1.0") {
  return {
    resourceLogs: [
      {
        resource: {
          attributes: kv({ "service.name": "claude-code", "service.version": version, "os.type": "linux" }),
        },
        scopeLogs: [
          {
            scope: { name: "com.anthropic.claude_code.events", version },
            logRecords: records.map((r, i) => ({
              timeUnixNano: nanos(r.time),
              observedTimeUnixNano: nanos(r.time),
              body: { stringValue: `claude_code.${r.name}` },
              attributes: kv({
                "user.id": "u-hash",
                "session.id": session,
                "app.version": version,
                "organization.id": "org-1",
                "user.email": "alice@example.com",
                "user.account_uuid": "acc-1",
                "terminal.type": "vscode",
                "event.name": r.name,
                "event.timestamp": new Date(r.time).toISOString(),
                "event.sequence": i,
                ...r.attributes,
              }),
            })),
          },
        ],
      },
    ],
  };
}

/** A realistic Claude Code session: a prompt, two API requests, a tool decision and result, an API error. */
export function claudeSession(t0: number): LogSpec[] {
  return [
    {
      time: t0,
      name: "user_prompt",
      attributes: { prompt_length: "24", prompt: "Fix the failing unit test" },
    },
    {
      time: t0 + 3000,
      name: "api_request",
      attributes: {
        model: "claude-sonnet-4-5",
        cost_usd: "0.0123",
        duration_ms: "2900",
        input_tokens: "120",
        output_tokens: "340",
        cache_read_tokens: "15000",
        cache_creation_tokens: "2000",
      },
    },
    {
      time: t0 + 3100,
      name: "tool_decision",
      attributes: { tool_name: "Bash", decision: "accept", source: "config", tool_use_id: "toolu_01" },
    },
    {
      time: t0 + 4100,
      name: "tool_result",
      attributes: {
        tool_name: "Bash",
        success: "false",
        duration_ms: "1000",
        error: "Exit code 1: 1 test failed",
        tool_use_id: "toolu_01",
        tool_parameters: JSON.stringify({ bash_command: "npm", full_command: "npm test" }),
        decision_type: "accept",
      },
    },
    {
      time: t0 + 5000,
      name: "api_error",
      attributes: { model: "claude-sonnet-4-5", error: "Overloaded", status_code: "529", attempt: "1" },
    },
    {
      time: t0 + 9000,
      name: "api_request",
      attributes: {
        model: "claude-sonnet-4-5",
        cost_usd: "0.0077",
        input_tokens: "30",
        output_tokens: "200",
        cache_read_tokens: "17000",
        cache_creation_tokens: "0",
      },
    },
  ];
}

/** Claude Code's metrics: cost and tokens per session and model, as delta sums. */
export function claudeMetricsRequest(session: string, t0: number) {
  const point = (value: number, attrs: Record<string, Value>, asInt = false) => ({
    startTimeUnixNano: nanos(t0),
    timeUnixNano: nanos(t0 + 60_000),
    ...(asInt ? { asInt: String(value) } : { asDouble: value }),
    attributes: kv({ "session.id": session, "user.email": "alice@example.com", ...attrs }),
  });
  return {
    resourceMetrics: [
      {
        resource: { attributes: kv({ "service.name": "claude-code", "service.version": "2.1.0" }) },
        scopeMetrics: [
          {
            scope: { name: "com.anthropic.claude_code", version: "2.1.0" },
            metrics: [
              {
                name: "claude_code.cost.usage",
                unit: "USD",
                sum: {
                  aggregationTemporality: "AGGREGATION_TEMPORALITY_DELTA",
                  isMonotonic: true,
                  dataPoints: [point(0.02, { model: "claude-sonnet-4-5" })],
                },
              },
              {
                name: "claude_code.token.usage",
                unit: "tokens",
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [
                    point(150, { model: "claude-sonnet-4-5", type: "input" }, true),
                    point(540, { model: "claude-sonnet-4-5", type: "output" }, true),
                    point(32000, { model: "claude-sonnet-4-5", type: "cacheRead" }, true),
                  ],
                },
              },
              {
                name: "claude_code.session.count",
                unit: "count",
                sum: { aggregationTemporality: 1, dataPoints: [point(1, {}, true)] },
              },
            ],
          },
        ],
      },
    ],
  };
}

const REQUEST_TYPE: Record<Signal, string> = {
  traces: "ExportTraceServiceRequest",
  logs: "ExportLogsServiceRequest",
  metrics: "ExportMetricsServiceRequest",
};

/** The protobuf encoding of an OTLP/JSON request (hex ids become bytes). */
export function toProtobuf(signal: Signal, json: unknown): Uint8Array {
  const convert = (v: unknown, key = ""): unknown => {
    if (typeof v === "string" && /^(traceId|spanId|parentSpanId)$/.test(key)) return Buffer.from(v, "hex");
    if (Array.isArray(v)) return v.map((x) => convert(x));
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x, k)]));
    }
    // enum names are resolved by the receiver; the wire carries numbers
    if (typeof v === "string" && key === "aggregationTemporality") return v.endsWith("DELTA") ? 1 : 2;
    return v;
  };
  const type = root.lookupType(REQUEST_TYPE[signal]);
  return type.encode(type.fromObject(convert(json) as Record<string, unknown>)).finish();
}
