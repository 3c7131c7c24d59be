// `codex exec --json` streams. No public fixture exists: these samples follow the documented format
// (codex-rs/exec/src/exec_events.rs, mirrored by sdk/typescript/src/events.ts and items.ts) and the older
// `{"id", "msg"}` stream of Codex before 0.4x, whose events are the rollout's event_msg payloads.
import { describe, expect, it } from "vitest";
import { detectCodex, importCodex } from "./index";
import { expectWellFormed, jsonl, ofType } from "./test-helpers";

const THREAD = "0199a213-81c0-7800-8aa1-bbab2a035a53"; // UUIDv7: created 2025-10-01T23:20:11.456Z
const cmd = (id: string, command: string, status: string, output = "", exit_code: number | null = null) => ({
  id,
  type: "command_execution",
  command,
  aggregated_output: output,
  exit_code,
  status,
});

const SUCCESS = [
  { type: "thread.started", thread_id: THREAD },
  { type: "turn.started" },
  { type: "item.completed", item: { id: "item_0", type: "reasoning", text: "**Scanning the repository**" } },
  { type: "item.started", item: cmd("item_1", "bash -lc ls", "in_progress") },
  { type: "item.completed", item: cmd("item_1", "bash -lc ls", "completed", "README.md\nsrc\n", 0) },
  {
    type: "item.started",
    item: {
      id: "item_2",
      type: "todo_list",
      items: [
        { text: "Read code", completed: false },
        { text: "Fix bug", completed: false },
      ],
    },
  },
  {
    type: "item.updated",
    item: {
      id: "item_2",
      type: "todo_list",
      items: [
        { text: "Read code", completed: true },
        { text: "Fix bug", completed: false },
      ],
    },
  },
  {
    type: "item.started",
    item: {
      id: "item_3",
      type: "mcp_tool_call",
      server: "docs",
      tool: "search",
      arguments: { q: "vitest" },
      status: "in_progress",
    },
  },
  {
    type: "item.completed",
    item: {
      id: "item_3",
      type: "mcp_tool_call",
      server: "docs",
      tool: "search",
      arguments: { q: "vitest" },
      result: { content: [{ type: "text", text: "found 3 pages" }], structured_content: null },
      status: "completed",
    },
  },
  {
    type: "item.completed",
    item: {
      id: "item_4",
      type: "file_change",
      changes: [{ path: "src/parse.ts", kind: "update" }],
      status: "completed",
    },
  },
  { type: "item.started", item: { id: "item_5", type: "web_search", query: "vitest config" } },
  { type: "item.completed", item: { id: "item_5", type: "web_search", query: "vitest config" } },
  { type: "item.started", item: cmd("item_6", "bash -lc 'npm test'", "in_progress") },
  { type: "item.completed", item: cmd("item_6", "bash -lc 'npm test'", "failed", "1 failed\n", 1) },
  {
    type: "item.completed",
    item: {
      id: "item_2",
      type: "todo_list",
      items: [
        { text: "Read code", completed: true },
        { text: "Fix bug", completed: false },
      ],
    },
  },
  {
    type: "item.completed",
    item: { id: "item_7", type: "agent_message", text: "Fixed the parser; one test still fails." },
  },
  { type: "turn.completed", usage: { input_tokens: 24763, cached_input_tokens: 24448, output_tokens: 122 } },
];

describe("codex exec --json", () => {
  const text = jsonl(SUCCESS);
  const r = importCodex(text, { fileName: "run-42.jsonl", agent: "ci-bot" });

  it("maps a successful run: the thread id is the job, times come from the thread id", () => {
    expect(detectCodex(text, "run-42.jsonl")).toBe("codex-exec-json");
    expect(r.format).toBe("codex-exec-json");
    expect(r.sessionId).toBe(THREAD);
    expect(r.skipped).toEqual([]);
    expectWellFormed(r.events);
    expect(r.events[0]).toMatchObject({
      type: "job.started",
      job: THREAD,
      agent: "ci-bot",
      data: { harness: "codex" },
    });
    expect(new Set(r.events.map((e) => e.time))).toEqual(new Set(["2025-10-01T23:20:11.456Z"]));
  });

  it("emits a call when an item starts and its result once it completes", () => {
    expect(ofType(r.events, "job.tool_call").map((e) => [e.data.call_id, e.data.tool])).toEqual([
      ["item_1", "shell"],
      ["item_3", "docs__search"],
      ["item_4", "apply_patch"],
      ["item_5", "web_search"],
      ["item_6", "shell"],
    ]);
    expect(
      ofType(r.events, "job.tool_result").map((e) => [e.data.call_id, e.data.output, e.data.is_error]),
    ).toEqual([
      ["item_1", "README.md\nsrc\n", false],
      ["item_3", "found 3 pages", false], // status "completed"
      ["item_4", "completed", false],
      ["item_5", undefined, undefined],
      ["item_6", "1 failed\n", true],
    ]);
    expect(ofType(r.events, "job.thinking").map((e) => e.data.text)).toEqual(["**Scanning the repository**"]);
    expect(ofType(r.events, "job.message").map((e) => [e.data.role, e.data.text])).toEqual([
      ["assistant", "Fixed the parser; one test still fails."],
    ]);
    // the to-do list is logged as it changes (the completed copy repeats the last update)
    expect(ofType(r.events, "job.log").map((e) => e.data.message)).toEqual([
      "Plan: 0/2 done",
      "Plan: 1/2 done",
    ]);
  });

  it("converts turn.completed usage: input excludes the cached tokens", () => {
    expect(ofType(r.events, "job.usage").map((e) => e.data)).toEqual([
      { model: "unknown", input_tokens: 315, cache_read_tokens: 24448, output_tokens: 122 },
    ]);
    expect(r.events.at(-1)).toMatchObject({
      type: "job.completed",
      data: { summary: "Fixed the parser; one test still fails." },
    });
  });

  it("is deterministic", () => {
    expect(importCodex(text, { fileName: "run-42.jsonl", agent: "ci-bot" })).toEqual(r);
  });

  it("fails a run whose turn failed, keeping the rate-limit wording", () => {
    const msg =
      "Rate limit reached for gpt-5-codex in organization org-acme on tokens per min (TPM): Limit 500000, Used 499812. Please try again in 2s.";
    const failed = importCodex(
      jsonl([
        { type: "thread.started", thread_id: THREAD },
        { type: "turn.started" },
        {
          type: "item.completed",
          item: {
            id: "item_0",
            type: "error",
            message: "Skill descriptions were shortened to fit the context window.",
          },
        },
        { type: "error", message: "Reconnecting... 1/5" },
        { type: "turn.failed", error: { message: msg } },
      ]),
      { fileName: "run-43.jsonl" },
    );
    expectWellFormed(failed.events);
    expect(failed.events.at(-1)).toMatchObject({
      type: "job.failed",
      data: { error: { type: "turn_failed", message: msg }, retryable: true },
    });
    expect(ofType(failed.events, "job.log").map((e) => e.data.level)).toEqual(["warn", "error", "error"]);
  });

  it("leaves a stream cut mid-turn open, and tolerates junk lines", () => {
    const cut = importCodex(`${jsonl(SUCCESS.slice(0, 6))}not json\n{"type":"item.started","item":`, {
      fileName: "live.jsonl",
    });
    expect(cut.skipped.map((s) => s.line)).toEqual([7, 8]);
    expectWellFormed(cut.events);
    expect(cut.events.some((e) => ["job.completed", "job.failed", "job.cancelled"].includes(e.type))).toBe(
      false,
    );
  });

  it("keeps a resumed run (a second stream of the same thread) apart from the first", () => {
    const resumed = jsonl([
      { type: "thread.started", thread_id: THREAD },
      { type: "turn.started" },
      {
        type: "item.completed",
        item: { id: "item_0", type: "agent_message", text: "The remaining test passes now." },
      },
      { type: "turn.completed", usage: { input_tokens: 9000, cached_input_tokens: 8000, output_tokens: 40 } },
    ]);
    const second = importCodex(resumed, { fileName: "run-42-resume.jsonl", agent: "ci-bot" });
    expectWellFormed(second.events);
    expect(second.events[0]?.job).toBe(THREAD);
    const firstIds = new Set(r.events.map((e) => e.id));
    expect(second.events.filter((e) => firstIds.has(e.id))).toEqual([]);
  });
});
