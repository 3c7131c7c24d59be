// Older formats (pre-0.3 rollouts, the {id, msg} exec stream), detection, and timestamps.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { detectCodex, importCodex } from "./index";
import { userText } from "./sample-rollout";
import { expectWellFormed, jsonl, ofType, tokenTotals } from "./test-helpers";
import { normalizeTime } from "./util";

describe("older Codex formats", () => {
  it("reads the pre-0.3 rollout format (a header line, then bare response items)", () => {
    const old = jsonl([
      {
        id: "5973b6c0-94b8-487b-a530-2aeb6098ae0e",
        timestamp: "2025-04-20T17:52:09.123Z",
        instructions: null,
        git: { branch: "main" },
      },
      { record_type: "state" },
      { type: "message", id: null, role: "user", content: userText("hello") },
      {
        type: "local_shell_call",
        id: "lsh_1",
        call_id: "call_1",
        status: "completed",
        action: { type: "exec", command: ["ls"] },
      },
      {
        type: "function_call_output",
        call_id: "call_1",
        output: '{"output":"a.txt\\n","metadata":{"exit_code":0,"duration_seconds":0.01}}',
      },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "One file: a.txt" }] },
    ]);
    const name = "rollout-2025-04-20T17-52-09-5973b6c0-94b8-487b-a530-2aeb6098ae0e.jsonl";
    expect(detectCodex(old, "session.jsonl")).toBe("codex-rollout");
    const o = importCodex(old, { fileName: name });
    expectWellFormed(o.events);
    expect(o.sessionId).toBe("5973b6c0-94b8-487b-a530-2aeb6098ae0e");
    expect(o.events.map((e) => e.type)).toEqual([
      "job.started",
      "job.message",
      "job.tool_call",
      "job.tool_result",
      "job.message",
      "job.completed",
    ]);
    expect(o.events[2]?.data).toEqual({
      call_id: "call_1",
      tool: "local_shell",
      input: { type: "exec", command: ["ls"] },
      status: "completed",
    });
    expect(new Set(o.events.map((e) => e.time))).toEqual(new Set(["2025-04-20T17:52:09.123Z"]));
  });

  it("reads the older {id, msg} stream", () => {
    const old = jsonl([
      {
        model: "codex-mini-latest",
        provider: "openai",
        approval: "never",
        sandbox: "read-only",
        "reasoning effort": "medium",
      },
      { prompt: "Summarize README.md" },
      {
        id: "0",
        msg: {
          type: "session_configured",
          session_id: "5973b6c0-94b8-487b-a530-2aeb6098ae0e",
          model: "codex-mini-latest",
          history_log_id: 0,
          history_entry_count: 0,
        },
      },
      { id: "1", msg: { type: "task_started" } },
      { id: "1", msg: { type: "agent_reasoning", text: "**Reading the README**" } },
      {
        id: "1",
        msg: {
          type: "exec_command_begin",
          call_id: "call_ab",
          command: ["bash", "-lc", "cat README.md"],
          cwd: "/repo",
        },
      },
      {
        id: "1",
        msg: {
          type: "exec_command_end",
          call_id: "call_ab",
          stdout: "# Demo\n",
          stderr: "",
          exit_code: 0,
          duration: { secs: 0, nanos: 12000000 },
        },
      },
      // flat token_count: per response in these versions (the TUI added them up)
      {
        id: "1",
        msg: {
          type: "token_count",
          input_tokens: 2100,
          cached_input_tokens: 1024,
          output_tokens: 85,
          reasoning_output_tokens: 64,
          total_tokens: 2185,
        },
      },
      { id: "1", msg: { type: "agent_message", message: "The README describes a demo app." } },
      {
        id: "1",
        msg: {
          type: "token_count",
          input_tokens: 2300,
          cached_input_tokens: 2048,
          output_tokens: 40,
          reasoning_output_tokens: 0,
          total_tokens: 2340,
        },
      },
      { id: "1", msg: { type: "task_complete", last_agent_message: "The README describes a demo app." } },
    ]);
    expect(detectCodex(old, "exec.jsonl")).toBe("codex-exec-json");
    const o = importCodex(old, { fileName: "exec.jsonl" });
    expect(o.skipped).toEqual([]);
    expectWellFormed(o.events);
    expect(o.sessionId).toBe("5973b6c0-94b8-487b-a530-2aeb6098ae0e");
    expect(o.events[0]?.data).toEqual({
      title: "Summarize README.md",
      harness: "codex",
      model: "codex-mini-latest",
    });
    expect(o.events.map((e) => e.type)).toEqual([
      "job.started",
      "job.message",
      "job.thinking",
      "job.tool_call",
      "job.tool_result",
      "job.usage",
      "job.message",
      "job.usage",
      "job.completed",
    ]);
    expect(ofType(o.events, "job.tool_result")[0]?.data).toEqual({
      call_id: "call_ab",
      output: "# Demo\n",
      is_error: false,
      duration_ms: 12,
    });
    // 4400 input of which 3072 cached, 125 output
    expect(tokenTotals(o.events)).toEqual({ input: 1328, cached: 3072, output: 125 });
    expect(ofType(o.events, "job.usage")[0]?.data.model).toBe("codex-mini-latest");
  });
});

describe("detectCodex and times", () => {
  it("does not claim the other harnesses' fixtures (Claude Code transcripts, OTLP/JSON)", () => {
    const root = `${FIXTURES_DIR}`;
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = path.join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
    const others = walk(root).filter((p) => !p.includes(`${path.sep}codex${path.sep}`));
    expect(others.length).toBeGreaterThan(5);
    for (const p of others)
      expect([p, detectCodex(readFileSync(p, "utf8"), path.basename(p))]).toEqual([p, null]);
  });

  it("recognizes neither other harnesses' files nor empty text", () => {
    const claude = jsonl([
      {
        type: "user",
        sessionId: "abc",
        message: { role: "user", content: "hi" },
        timestamp: "2025-10-05T09:00:00Z",
      },
    ]);
    expect(detectCodex(claude, "abc.jsonl")).toBeNull();
    expect(detectCodex("", "rollout-x.jsonl")).toBeNull();
    expect(importCodex("", { fileName: "rollout-x.jsonl" })).toEqual({
      format: "unknown",
      sessionId: null,
      events: [],
      skipped: [],
    });
  });

  it("normalizes Codex timestamps to RFC 3339 UTC", () => {
    expect(normalizeTime("2025-10-05T09:12:03.512Z")).toBe("2025-10-05T09:12:03.512Z");
    expect(normalizeTime("2025-10-05T11:12:03+02:00")).toBe("2025-10-05T09:12:03.000Z");
    expect(normalizeTime("2025-10-05T09:12:03.512")).toBe("2025-10-05T09:12:03.512Z");
    expect(normalizeTime("2025-10-05 09:12:03")).toBe("2025-10-05T09:12:03.000Z");
    expect(normalizeTime(1759655523)).toBe("2025-10-05T09:12:03.000Z");
    expect(normalizeTime("1759655523512")).toBe("2025-10-05T09:12:03.512Z");
    for (const bad of ["[trimmed for fixture]", "", 0, null, undefined, {}])
      expect(normalizeTime(bad)).toBeNull();
  });
});
