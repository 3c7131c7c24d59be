// Headless output (`claude -p --output-format json` / `stream-json --verbose`), on the samples of
// headless.test-helper.ts (written after Claude Code's documented output: there are no public fixtures).
import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import {
  HAIKU,
  INIT,
  RESULT,
  SESSION,
  SONNET,
  STREAM,
  streamText,
  TIME,
  usage,
} from "./headless.test-helper";
import { detectClaudeCode, importClaudeCode, type RawEvent } from "./index";

const byType = (events: RawEvent[], type: string) => events.filter((e) => e.type === type);
const sum = (events: RawEvent[], f: string) =>
  byType(events, "job.usage").reduce((n, e) => n + (e.data[f] as number), 0);

describe("stream-json", () => {
  const result = importClaudeCode(streamText, { fileName: "run.jsonl", time: TIME, agent: "ci-7" });
  const { events } = result;

  it("is detected and gives valid events for the session's job", () => {
    expect(detectClaudeCode(streamText, "run.jsonl")).toBe("claude-code-stream-json");
    expect(result).toMatchObject({ format: "claude-code-stream-json", sessionId: SESSION, skipped: [] });
    for (const e of events) expect(parseEvent(e)).toMatchObject({ ok: true });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("starts from system/init, dated duration_ms before the given end", () => {
    expect(events[0]).toMatchObject({
      type: "job.started",
      agent: "ci-7",
      time: "2026-02-03T04:04:17.790Z",
      data: {
        harness: "claude-code",
        harness_version: "2.0.14",
        model: SONNET,
        repo: "/home/ci/repo",
        mode: "headless",
      },
    });
  });

  it("maps messages, tool pairs and the sub-agent branch", () => {
    expect(byType(events, "job.message")).toHaveLength(4);
    const calls = byType(events, "job.tool_call").map((e) => e.data.call_id);
    const results = byType(events, "job.tool_result").map((e) => e.data.call_id);
    expect(calls).toEqual(["toolu_01B", "toolu_task", "toolu_grep"]);
    expect(results).toEqual(["toolu_01B", "toolu_grep", "toolu_task"]);
    expect(byType(events, "job.tool_result")[0]?.data).toMatchObject({
      is_error: true,
      output: { stderr: "1 failing: formats dates" },
    });
    const branch = events.filter((e) => e.data.branch);
    expect(branch.length).toBe(6); // prompt, grep call, usage, grep result, answer, usage
    expect(
      branch.every(
        (e) => e.data.branch === "a7f3c9e1b2d40586" && e.data.branch_parent_call_id === "toolu_task",
      ),
    ).toBe(true);
  });

  it("counts usage once per response and tops it up to the result's modelUsage, with its cost", () => {
    const usageEvents = byType(events, "job.usage");
    expect(usageEvents.filter((e) => e.data.message_id === "msg_01A")).toHaveLength(1);
    expect(usageEvents.find((e) => e.data.message_id === "msg_01A")?.data.output_tokens).toBe(87);
    // Messages: sonnet 19 in / 412 out / 46000 read / 1500 write, exactly the modelUsage: no remainder tokens.
    expect([sum(events, "input_tokens"), sum(events, "output_tokens")]).toEqual([19 + 900, 412 + 40]);
    expect([sum(events, "cache_read_tokens"), sum(events, "cache_write_tokens")]).toEqual([46000, 1500]);
    const costs = usageEvents
      .filter((e) => e.data.cost_usd !== undefined)
      .map((e) => [e.data.model, e.data.cost_usd, e.data.input_tokens]);
    expect(costs).toEqual([
      [SONNET, 0.0791, 0],
      [HAIKU, 0.003, 900],
    ]);
  });

  it("ends with job.completed carrying the result's figures", () => {
    const end = events[events.length - 1];
    expect(end).toMatchObject({
      type: "job.completed",
      time: TIME,
      data: {
        summary: RESULT.result,
        subtype: "success",
        is_error: false,
        total_cost_usd: 0.0821,
        num_turns: 6,
        duration_ms: 48210,
      },
    });
  });

  it("is deterministic, and its ids do not depend on the time", () => {
    const again = importClaudeCode(streamText, { fileName: "run.jsonl", time: TIME, agent: "ci-7" });
    expect(again.events).toEqual(events);
    const later = importClaudeCode(streamText, { fileName: "other-name.jsonl", agent: "ci-7" });
    expect(later.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it("fails the job on error subtypes (error_max_turns) even when is_error is false", () => {
    const maxTurns = {
      ...RESULT,
      subtype: "error_max_turns",
      is_error: false,
      num_turns: 3,
      result: undefined,
    };
    const text = [INIT, STREAM[1], STREAM[2], maxTurns].map((l) => JSON.stringify(l)).join("\n");
    const { events: ev } = importClaudeCode(text, { fileName: "run.jsonl", time: TIME });
    const end = ev[ev.length - 1];
    expect(end).toMatchObject({
      type: "job.failed",
      data: { error: { type: "error_max_turns", message: "error_max_turns" }, num_turns: 3 },
    });
    for (const e of ev) expect(parseEvent(e).ok).toBe(true);
  });

  it("gives no terminal event for a stream cut before its result", () => {
    const { events: ev } = importClaudeCode(
      STREAM.slice(0, 5)
        .map((l) => JSON.stringify(l))
        .join("\n"),
      { fileName: "r.jsonl", time: TIME },
    );
    expect(ev.some((e) => e.type === "job.completed" || e.type === "job.failed")).toBe(false);
    expect(ev.every((e) => e.time === TIME)).toBe(true);
  });
});

describe("json", () => {
  it("imports the result object alone: usage and cost per model, then the outcome", () => {
    const text = JSON.stringify(RESULT, null, 2);
    expect(detectClaudeCode(text, "out.json")).toBe("claude-code-headless-json");
    const { events, format, sessionId } = importClaudeCode(text, { fileName: "out.json", time: TIME });
    expect({ format, sessionId }).toEqual({ format: "claude-code-headless-json", sessionId: SESSION });
    for (const e of events) expect(parseEvent(e)).toMatchObject({ ok: true });
    expect(events.map((e) => e.type)).toEqual(["job.started", "job.usage", "job.usage", "job.completed"]);
    expect(events[0]?.data.model).toBe(SONNET);
    expect(events[1]?.data).toMatchObject({
      model: SONNET,
      input_tokens: 19,
      output_tokens: 412,
      cache_read_tokens: 46000,
      cache_write_tokens: 1500,
      cost_usd: 0.0791,
    });
    expect(sum(events, "cost_usd")).toBeCloseTo(0.0821, 6);
  });

  it("reports is_error as job.failed, and falls back to usage and total_cost_usd without modelUsage", () => {
    const failed = {
      type: "result",
      subtype: "success",
      is_error: true,
      duration_ms: 900,
      num_turns: 1,
      result: "Credit balance is too low",
      session_id: SESSION,
      total_cost_usd: 0.001,
      usage: usage(5, 0, 0, 0),
    };
    const { events } = importClaudeCode(JSON.stringify(failed), { fileName: "out.json", time: TIME });
    expect(events.map((e) => e.type)).toEqual(["job.started", "job.usage", "job.failed"]);
    expect(events[1]?.data).toMatchObject({ model: "unknown", input_tokens: 5, cost_usd: 0.001 });
    expect(events[2]?.data.error).toEqual({ type: "success", message: "Credit balance is too low" });
  });

  it("imports the --verbose array like the stream", () => {
    const text = JSON.stringify(STREAM);
    expect(detectClaudeCode(text, "out.json")).toBe("claude-code-headless-json");
    const arr = importClaudeCode(text, { fileName: "out.json", time: TIME });
    const stream = importClaudeCode(streamText, { fileName: "out.json", time: TIME });
    expect(arr.events.map((e) => [e.type, e.data])).toEqual(
      stream.events.map((e) => [
        e.type,
        e.data.output_format === "stream-json" ? { ...e.data, output_format: "json" } : e.data,
      ]),
    );
  });
});
