import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { normaliseTraces } from "./decode";
import { mapTraces } from "./genai";
import { agentTrace, traceRequest } from "./otlp.test-helper";
import type { RawEvent } from "./util";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const NOW = new Date(Date.UTC(2026, 0, 6));

const map = (json: unknown) => mapTraces(normaliseTraces(json), NOW);
const of = (events: RawEvent[], type: string) => events.filter((e) => e.type === type);

function expectValid(events: RawEvent[]) {
  for (const e of events) expect(parseEvent(e), JSON.stringify(e)).toMatchObject({ ok: true });
}

describe("GenAI spans", () => {
  it("maps an agent run to a job: start, usage, messages, tool call and result, completion", () => {
    const m = map(agentTrace(TRACE, T0));
    expectValid(m.events);
    expect(m.items).toBe(5);
    expect([...m.ignored]).toEqual([["spans without gen_ai.* attributes", 1]]);
    expect(new Set(m.events.map((e) => e.job))).toEqual(new Set([TRACE]));

    const [started] = of(m.events, "job.started");
    expect(started).toMatchObject({
      id: `otlp:${TRACE}:a000000000000001:start`,
      time: new Date(T0).toISOString(),
      agent: "scout",
      data: {
        harness: "research-bot",
        harness_version: "1.4.0",
        model: "gpt-5",
        labels: { trace_id: TRACE, "gen_ai.agent.id": "agent_123", "gen_ai.provider.name": "openai" },
      },
    });
    expect(of(m.events, "job.completed")).toEqual([
      {
        id: `otlp:${TRACE}:a000000000000001:end`,
        type: "job.completed",
        time: new Date(T0 + 9000).toISOString(),
        job: TRACE,
        data: { summary: "It is 21°C in Paris." },
      },
    ]);

    // cached tokens are inside gen_ai.usage.input_tokens; the protocol counts them apart
    expect(of(m.events, "job.usage").map((e) => e.data)).toEqual([
      {
        model: "gpt-5-2025-08-07",
        input_tokens: 200,
        output_tokens: 80,
        cache_read_tokens: 1000,
        request_id: "chatcmpl-1",
      },
      { model: "gpt-5", input_tokens: 1400, output_tokens: 40 },
    ]);

    expect(of(m.events, "job.tool_call")).toEqual([
      {
        id: `otlp:${TRACE}:d000000000000001:call`,
        type: "job.tool_call",
        time: new Date(T0 + 2100).toISOString(),
        job: TRACE,
        data: { call_id: "call_1", tool: "get_weather", input: { city: "Paris" } },
      },
    ]);
    expect(of(m.events, "job.tool_result").map((e) => e.data)).toEqual([
      { call_id: "call_1", is_error: false, output: { temperature_c: 21 }, duration_ms: 500 },
    ]);

    // the task is in the agent's and both chat calls' inputs but has one id; tool calls are not text
    const messages = of(m.events, "job.message").map((e) => [e.data.role, e.data.text]);
    expect(messages).toEqual([
      ["user", "What is the weather in Paris?"],
      ["system", "You are scout."],
      ["user", "What is the weather in Paris?"],
      ["user", "What is the weather in Paris?"],
      ["assistant", "It is 21°C in Paris."],
    ]);
    const userIds = of(m.events, "job.message")
      .filter((e) => e.data.role === "user")
      .map((e) => e.id);
    expect(new Set(userIds).size).toBe(1);
    const stored = [...new Map(m.events.map((e) => [e.id, e])).values()]; // what ingestBatch keeps
    expect(of(stored, "job.message").map((e) => e.data.role)).toEqual(["user", "system", "assistant"]);
  });

  it("gives the same ids to the same spans (an exporter retry is a duplicate)", () => {
    expect(map(agentTrace(TRACE, T0)).events).toEqual(map(agentTrace(TRACE, T0)).events);
  });

  it("fails the job when invoke_agent ends in error", () => {
    const m = map(agentTrace(TRACE, T0, { error: "deadline exceeded" }));
    expect(of(m.events, "job.failed")).toMatchObject([
      { data: { error: { type: "timeout", message: "deadline exceeded" } } },
    ]);
    expect(of(m.events, "job.completed")).toEqual([]);
  });

  it("uses gen_ai.conversation.id as the job for every span of its trace", () => {
    const json = agentTrace(TRACE, T0);
    json.resourceSpans[0]?.scopeSpans[0]?.spans[1]?.attributes.push({
      key: "gen_ai.conversation.id",
      value: { stringValue: "conv-42" },
    });
    const jobs = new Set(map(json).events.map((e) => e.job));
    expect(jobs).toEqual(new Set(["conv-42"]));
  });

  it("records a nested invoke_agent as a sub-agent of the job, a failed tool as an error result", () => {
    const m = map(
      traceRequest(TRACE, [
        {
          spanId: "1000000000000001",
          name: "invoke_agent lead",
          start: T0,
          end: T0 + 5000,
          attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "lead" },
        },
        {
          spanId: "1000000000000002",
          parentSpanId: "1000000000000001",
          name: "invoke_agent helper",
          start: T0 + 10,
          end: T0 + 4000,
          attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "helper" },
          error: "gave up",
        },
        {
          spanId: "1000000000000003",
          parentSpanId: "1000000000000002",
          name: "execute_tool search",
          start: T0 + 20,
          end: T0 + 30,
          attributes: { "gen_ai.tool.name": "search", "gen_ai.tool.call.arguments": "not json" },
          error: "HTTP 500",
        },
      ]),
    );
    expectValid(m.events);
    expect(of(m.events, "job.started").map((e) => e.agent)).toEqual(["lead"]);
    expect(of(m.events, "job.log").map((e) => [e.data.level, e.data.message])).toEqual([
      ["info", "Sub-agent helper started"],
      ["error", "Sub-agent helper failed: gave up"],
    ]);
    expect(of(m.events, "job.tool_call")[0]?.data).toEqual({
      call_id: "1000000000000003",
      tool: "search",
      input: "not json",
    });
    expect(of(m.events, "job.tool_result")[0]?.data).toMatchObject({ is_error: true, output: "HTTP 500" });
  });

  it("makes a root chat span (a bare LLM call) a job of its own; reads older attribute and event forms", () => {
    const m = map(
      traceRequest(
        TRACE,
        [
          {
            spanId: "2000000000000001",
            name: "chat claude-sonnet-4-5",
            start: T0,
            end: T0 + 1000,
            attributes: {
              "gen_ai.system": "anthropic",
              "gen_ai.request.model": "claude-sonnet-4-5",
              "gen_ai.usage.prompt_tokens": 10,
              "gen_ai.usage.completion_tokens": 5,
              "gen_ai.usage.cache_read_input_tokens": 300,
              "gen_ai.prompt.0.role": "user",
              "gen_ai.prompt.0.content": "Hi",
            },
            events: [
              { name: "gen_ai.choice", time: T0 + 1000, attributes: { message: '{"content":"Hello!"}' } },
            ],
          },
        ],
        { "service.name": "unknown_service:node" },
      ),
    );
    expectValid(m.events);
    expect(of(m.events, "job.started")[0]).toMatchObject({
      agent: "agent",
      data: { harness: "anthropic", model: "claude-sonnet-4-5", title: "Hi" },
    });
    expect(of(m.events, "job.completed")[0]?.data).toEqual({ summary: "Hello!" });
    // Anthropic-style counts (input smaller than the cached tokens) are already apart: kept as is
    expect(of(m.events, "job.usage")[0]?.data).toMatchObject({ input_tokens: 10, cache_read_tokens: 300 });
    expect(of(m.events, "job.message").map((e) => [e.data.role, e.data.text])).toEqual([
      ["user", "Hi"],
      ["assistant", "Hello!"],
    ]);
  });

  it("ignores the generic example and GenAI spans of other operations", () => {
    const example = map(JSON.parse(readFileSync(`${FIXTURES_DIR}/otlp/example-trace.json`, "utf8")));
    expect(example.events).toEqual([]);
    expect(example.items).toBe(1);
    const other = map(
      traceRequest(TRACE, [
        {
          spanId: "3000000000000001",
          name: "create_agent x",
          start: T0,
          end: T0 + 1,
          attributes: { "gen_ai.operation.name": "create_agent" },
        },
      ]),
    );
    expect(other.events).toEqual([]);
    expect([...other.ignored]).toEqual([
      ["GenAI spans of another operation than invoke_agent, chat or execute_tool", 1],
    ]);
  });
});
