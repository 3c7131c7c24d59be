// What a Claude Code session import says: lifecycle, messages, tool pairs, usage per API response,
// sub-agent branches, logs for everything else, and stable ids.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { detectClaudeCode, importClaudeCode, type RawEvent } from "./index";

const DIR = `${FIXTURES_DIR}/claude-code`;
const read = (rel: string) => readFileSync(join(DIR, rel), "utf8");
const load = (rel: string, opts: { parentText?: string; agent?: string; fileName?: string } = {}) =>
  importClaudeCode(read(rel), { fileName: rel, ...opts });
const CHILD = "subagent-session/subagents/agent-a0ad4f44468bdf20d.jsonl";
const byType = (events: RawEvent[], type: string) => events.filter((e) => e.type === type);
const allValid = (events: RawEvent[]) => events.every((e) => parseEvent(e).ok);

describe("session lifecycle", () => {
  it("starts with job.started for the session id, described from the file", () => {
    const { events, sessionId } = load("viewer-session-5c0375b4.jsonl", { agent: "laptop-ana" });
    expect(sessionId).toBe("5c0375b4-57a5-4f26-b12d-d022ee4e51b7");
    const started = events[0];
    expect(started?.type).toBe("job.started");
    expect(started?.agent).toBe("laptop-ana");
    expect(started?.time).toBe("2025-09-07T09:52:03.071Z");
    expect(started?.data).toMatchObject({
      harness: "claude-code",
      harness_version: "1.0.108",
      model: "claude-sonnet-4-20250514",
      title: "/orchestrator @CLAUDE.md を最新の状態にアップデートしてください",
      repo: "/path/to/Demo",
      branch: "main",
    });
    expect(load("log-session_b.jsonl").events[0]?.agent).toBe("claude-code");
  });

  it("takes the title from a custom title, a summary of this session, or the first prompt", () => {
    expect(load("sessions-small-all-record-types.jsonl").events[0]?.data.title).toBe("Stage0 small fixture");
    expect(load("log-todowrite_examples.jsonl").events[0]?.data.title).toBe(
      "Feature Implementation with Task Management",
    );
    expect(load("log-session_b.jsonl").events[0]?.data.title).toBe(
      "This is from a different session file to test multi-session handling.",
    );
  });

  it("ends with job.completed at the last record, summarised by the last assistant text", () => {
    const { events } = load("viewer-session-1af7fc5e.jsonl");
    const end = events[events.length - 1];
    expect(end?.type).toBe("job.completed");
    expect(end?.time).toBe("2025-09-03T00:47:52.264Z");
    expect(String(end?.data.summary)).toMatch(/^I've created a basic CLAUDE.md file/);
  });

  it("ends with job.failed when the last assistant message is an API error, with PR links as artifacts", () => {
    const lines = [
      {
        type: "user",
        sessionId: "s-fail",
        uuid: "u1",
        timestamp: "2026-01-01T10:00:00Z",
        message: { role: "user", content: "Fix it" },
      },
      {
        type: "pr-link",
        sessionId: "s-fail",
        prUrl: "https://github.com/o/r/pull/7",
        prNumber: 7,
        prRepository: "o/r",
      },
      {
        type: "assistant",
        sessionId: "s-fail",
        uuid: "a1",
        timestamp: "2026-01-01T10:00:05Z",
        isApiErrorMessage: true,
        error: "rate_limit",
        message: {
          id: "m1",
          model: "<synthetic>",
          role: "assistant",
          content: [{ type: "text", text: "API Error: 429 rate limited" }],
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
    ];
    const { events } = importClaudeCode(lines.map((l) => JSON.stringify(l)).join("\n"), {
      fileName: "s-fail.jsonl",
    });
    expect(allValid(events)).toBe(true);
    expect(byType(events, "job.usage")).toHaveLength(0); // "<synthetic>" is no API call
    const end = events[events.length - 1];
    expect(end?.type).toBe("job.failed");
    expect(end?.data.error).toEqual({ type: "rate_limit", message: "API Error: 429 rate limited" });
    expect(byType(events, "job.log").some((e) => e.data.kind === "pr")).toBe(true);
  });
});

describe("messages, thinking and tools", () => {
  it("keeps user prompts and assistant text with their content blocks and message ids", () => {
    const { events } = load("viewer-session-1af7fc5e.jsonl");
    const [first, second] = byType(events, "job.message");
    expect(first?.data).toMatchObject({ role: "user", message_id: "e2ab9812-8be7-4e9e-8194-d9b7b9d6da14" });
    expect(second?.data).toMatchObject({ role: "user", content: [{ type: "text" }] });
    const assistant = byType(events, "job.message").find((e) => e.data.role === "assistant");
    expect(assistant?.data).toMatchObject({
      message_id: "msg_01TqDZoU6FcpxB4u2AmpgWfZ",
      model: "claude-sonnet-4-20250514",
    });
  });

  it("maps thinking blocks", () => {
    const thinking = byType(load("sessions-small-all-record-types.jsonl").events, "job.thinking");
    expect(thinking[0]?.data.text).toBe("Reasoning goes here.");
  });

  it("pairs tool calls and results, keeping toolUseResult structure and errors", () => {
    const { events } = load("viewer-session-5c0375b4.jsonl");
    const calls = new Map(byType(events, "job.tool_call").map((e) => [e.data.call_id, e]));
    const results = byType(events, "job.tool_result");
    for (const r of results) expect(calls.has(r.data.call_id)).toBe(true);
    const edit = results.find((r) => r.data.tool === "MultiEdit");
    expect(Object.keys(edit?.data.output as object)).toEqual(
      expect.arrayContaining(["filePath", "edits", "structuredPatch", "originalFileContents"]),
    );
    expect(String(edit?.data.text)).toMatch(/^Applied 6 edits/);
    const bash = results.find((r) => r.data.tool === "Bash" && r.data.is_error === false);
    expect(bash?.data.output).toMatchObject({ stdout: expect.any(String), stderr: "" });
    const failed = results.find((r) => r.data.call_id === "toolu_018t5jce2ZNoGr2ADsHGQife");
    expect(failed?.data).toMatchObject({ is_error: true, tool: "Task" });
    expect(String(failed?.data.output)).toMatch(/InputValidationError/);
    const task = results.find((r) => r.data.call_id === "toolu_014YF9TXhDRR7BnpasNJ7gjC");
    expect(task?.data.output).toMatchObject({ totalTokens: expect.any(Number) });
  });

  it("pairs the old schema's tool_use / tool_result records and calls written without an id", () => {
    const drift = load("sessions-schema-drift.jsonl").events;
    const [call] = byType(drift, "job.tool_call");
    const [result] = byType(drift, "job.tool_result");
    expect(call?.data).toMatchObject({ tool: "bash", input: { command: "cat README.md" } });
    expect(result?.data).toMatchObject({
      call_id: call?.data.call_id,
      output: "# Title\n\nBody\n",
      is_error: false,
    });
    const child = load(CHILD).events;
    expect(byType(child, "job.tool_result")[0]?.data.call_id).toBe(
      byType(child, "job.tool_call")[0]?.data.call_id,
    );
  });
});

describe("usage", () => {
  it("counts a response split over several lines once, with its final counts", () => {
    const { events } = load("viewer-session-1af7fc5e.jsonl");
    const usage = byType(events, "job.usage").filter(
      (e) => e.data.message_id === "msg_018mu4atNCkxSiLt7VVQquTL",
    );
    expect(usage).toHaveLength(1); // 5 lines share this message.id and requestId
    expect(usage[0]?.data).toEqual({
      model: "claude-sonnet-4-20250514",
      input_tokens: 6,
      output_tokens: 285,
      cache_read_tokens: 15550,
      cache_write_tokens: 304,
      request_id: "req_011CSkYbys3h16Qf2ezt44jA",
      message_id: "msg_018mu4atNCkxSiLt7VVQquTL",
    });
    // Emitted after the response's last line, not its first.
    const lastCall = events.findIndex((e) => e.id.includes("4116c4de"));
    expect(events.indexOf(usage[0] as RawEvent)).toBeGreaterThan(lastCall);
  });

  it("has no cost unless the file gives one (old versions wrote costUSD)", () => {
    expect(
      byType(load("viewer-session-5c0375b4.jsonl").events, "job.usage").every((e) => !("cost_usd" in e.data)),
    ).toBe(true);
    const line = {
      type: "assistant",
      sessionId: "s",
      uuid: "a",
      timestamp: "2025-01-01T00:00:00Z",
      costUSD: 0.0123,
      message: {
        id: "m",
        model: "claude-3-5-sonnet-20241022",
        content: [{ type: "text", text: "hi" }],
        usage: { input_tokens: 3, output_tokens: 4 },
      },
    };
    const [usage] = byType(
      importClaudeCode(JSON.stringify(line), { fileName: "s.jsonl" }).events,
      "job.usage",
    );
    expect(usage?.data.cost_usd).toBe(0.0123);
  });
});

describe("other records", () => {
  it("keeps summaries and compaction boundaries as info logs", () => {
    const logs = byType(load("sessions-small-all-record-types.jsonl").events, "job.log");
    expect(logs.filter((e) => e.data.kind === "summary").map((e) => e.data.message)).toEqual([
      "Claude Code: Context usage summary",
    ]);
    const compaction = logs.filter((e) => e.data.kind === "compaction");
    expect(compaction).toHaveLength(2);
    expect(compaction[0]?.data).toMatchObject({ level: "info", trigger: "auto", pre_tokens: 120000 });
    expect(byType(load("log-representative_messages.jsonl").events, "job.log")[0]?.data).toMatchObject({
      level: "info",
      kind: "summary",
      leaf_uuid: "msg_011",
    });
  });

  it("keeps unknown records whole as debug logs, and reports lines that are not JSON objects", () => {
    const small = load("sessions-small-all-record-types.jsonl").events;
    const raw = byType(small, "job.log").filter((e) => e.data.kind === "raw");
    expect(raw.map((e) => e.data.record_type)).toEqual(["started", "result", "atis-latch"]);
    expect(raw[2]?.data).toMatchObject({ level: "debug", raw: { type: "atis-latch" } });
    const edge = load("log-edge_cases.jsonl");
    expect(edge.skipped.map((s) => s.line)).toEqual([13, 15, 16]);
    expect(edge.skipped[0]?.reason).toMatch(/not a JSON object/);
    const broken = importClaudeCode(
      '{"type":"user","sessionId":"x","message":{"role":"user","content":"hi"}}\n{"type": "user", "mess',
      {
        fileName: "x.jsonl",
      },
    );
    expect(broken.skipped).toEqual([{ line: 2, reason: expect.stringMatching(/^invalid JSON/) }]);
    expect(allValid(broken.events)).toBe(true);
  });

  it("never throws on hostile input", () => {
    const hostile = [
      { type: "user", sessionId: "h", message: { content: 42 } },
      {
        type: "assistant",
        sessionId: "h",
        timestamp: "yesterday",
        message: {
          id: 5,
          model: "",
          content: [null, 7, { type: "tool_use" }, { type: "tool_result", content: { a: 1 } }],
          usage: { input_tokens: "12", output_tokens: -3, cache_read_input_tokens: 1.6 },
        },
      },
      { type: "system", subtype: "compact_boundary", compactMetadata: "x" },
      { type: "attachment", attachment: null },
      { type: "summary", summary: 3 },
      { type: 9, uuid: {}, timestamp: "9999-99-99T00:00:00Z" },
      { type: "user", sessionId: "h", message: { content: [{ type: "text", text: "x".repeat(1_100_000) }] } },
    ];
    const result = importClaudeCode(hostile.map((l) => JSON.stringify(l)).join("\n"), {
      fileName: "h.jsonl",
    });
    expect(result.events.length).toBeGreaterThan(0);
    for (const e of result.events) expect(parseEvent(e)).toMatchObject({ ok: true });
  });
});

describe("re-import", () => {
  it("keeps every id when the session grew, adding only the new records and a later terminal event", () => {
    const text = read("viewer-session-1af7fc5e.jsonl");
    const lines = text.trimEnd().split("\n");
    const before = importClaudeCode(lines.slice(0, 20).join("\n"), {
      fileName: "1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl",
    });
    const after = importClaudeCode(text, { fileName: "1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl" });
    const afterById = new Map(after.events.map((e) => [e.id, e]));
    for (const e of before.events) {
      if (e.type === "job.completed") continue;
      expect(afterById.get(e.id)?.data).toEqual(e.data);
    }
    const ends = [...before.events, ...after.events].filter((e) => e.type === "job.completed");
    expect(new Set(ends.map((e) => e.id)).size).toBe(2);
  });
});

describe("detectClaudeCode", () => {
  it("recognises session files and nothing of other harnesses", () => {
    expect(detectClaudeCode(read("sessions-schema-drift.jsonl"), "x.jsonl")).toBe("claude-code-session");
    expect(detectClaudeCode(read(CHILD), CHILD)).toBe("claude-code-session");
    for (const other of [
      "codex/rollout-small-current.jsonl",
      "codex/codex_052_raw.jsonl",
      "otlp/example-trace.json",
    ]) {
      expect(detectClaudeCode(readFileSync(join(DIR, "..", other), "utf8"), other)).toBeNull();
    }
    expect(detectClaudeCode("hello\nworld", "notes.txt")).toBeNull();
    const unknown = importClaudeCode('{"a":1}', { fileName: "a.json" });
    expect(unknown).toMatchObject({ format: "unknown", sessionId: null, events: [] });
    expect(unknown.skipped[0]?.reason).toMatch(/not a Claude Code/);
  });
});
