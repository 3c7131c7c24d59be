// The realistic rollout of sample-rollout.ts: its mapping, and what happens when it grows, repeats itself or
// restarts its counters.
import { describe, expect, it } from "vitest";
import { detectCodex, importCodex } from "./index";
import { at, ev, FILE, item, SID, TEXT, total, userText } from "./sample-rollout";
import { expectWellFormed, jsonl, ofType, tokenTotals } from "./test-helpers";

describe("Codex rollout import", () => {
  const r = importCodex(TEXT, { fileName: FILE });

  it("maps the session to one job named after the session id", () => {
    expect(detectCodex(TEXT, FILE)).toBe("codex-rollout");
    expect(r.skipped).toEqual([]);
    expectWellFormed(r.events);
    expect(r.sessionId).toBe(SID);
    expect(r.events[0]).toEqual({
      id: `codex:${SID}:1:0`,
      type: "job.started",
      time: "2025-10-05T09:12:03.498Z",
      job: SID,
      agent: "codex",
      seq: 0,
      data: {
        title: "Fix the failing login test",
        harness: "codex",
        harness_version: "0.46.0",
        model: "gpt-5-codex",
        repo: "git@github.com:acme/api.git",
        branch: "fix/login",
        cwd: "/home/dev/api",
        commit: "9f1c2ab",
        originator: "codex_cli_rs",
        source: "cli",
        model_provider: "openai",
      },
    });
  });

  it("keeps one copy of what Codex wrote twice (response items and UI events)", () => {
    const msgs = ofType(r.events, "job.message").map((e) => [e.data.role, e.data.text]);
    expect(msgs).toEqual([
      ["system", "<user_instructions>\nAlways run the tests.\n</user_instructions>"],
      ["system", "<environment_context>\n  <cwd>/home/dev/api</cwd>\n</environment_context>"],
      ["user", "Fix the failing login test"],
      ["assistant", "Fixed: the token check used the wrong clock."],
    ]);
    expect(ofType(r.events, "job.thinking").map((e) => [e.data.text, e.time])).toEqual([
      ["**Running the tests**", "2025-10-05T09:12:07.100Z"],
    ]);
  });

  it("maps tool calls and results, with exit codes and durations", () => {
    expect(ofType(r.events, "job.tool_call").map((e) => e.data)).toEqual([
      {
        call_id: "call_A",
        tool: "shell",
        input: { command: ["bash", "-lc", "npm test"], workdir: "/home/dev/api" },
      },
      {
        call_id: "call_B",
        tool: "apply_patch",
        input: expect.stringContaining("*** Begin Patch"),
        status: "completed",
      },
    ]);
    expect(ofType(r.events, "job.tool_result").map((e) => e.data)).toEqual([
      { call_id: "call_A", output: "FAIL test/login.test.ts\n", is_error: true, duration_ms: 2400 },
      { call_id: "call_B", output: expect.stringContaining("Success."), is_error: false, duration_ms: 100 },
    ]);
  });

  it("turns cumulative token_count totals into deltas: repeats and nulls add nothing", () => {
    expect(ofType(r.events, "job.usage").map((e) => e.data)).toEqual([
      {
        model: "gpt-5-codex",
        input_tokens: 2000,
        cache_read_tokens: 6000,
        output_tokens: 300,
        reasoning_output_tokens: 200,
      },
      {
        model: "gpt-5-codex",
        input_tokens: 1500,
        cache_read_tokens: 8000,
        output_tokens: 350,
        reasoning_output_tokens: 180,
      },
    ]);
    // = the final cumulative total 17500 (14000 cached) / 650, counted once
    expect(tokenTotals(r.events)).toEqual({ input: 3500, cached: 14000, output: 650 });
  });

  it("completes at the last record, with the last answer as summary", () => {
    expect(r.events.at(-1)).toMatchObject({
      id: `codex:${SID}:22:end`,
      type: "job.completed",
      time: "2025-10-05T09:12:14.200Z",
      data: { summary: "Fixed: the token check used the wrong clock." },
    });
  });

  it("is stable: a re-import is identical, and a grown rollout keeps every earlier id", () => {
    expect(importCodex(TEXT, { fileName: FILE })).toEqual(r);
    const grown = importCodex(
      TEXT +
        jsonl([
          ev(at("13:00.000"), { type: "task_started" }),
          item(at("13:00.100"), { type: "message", role: "user", content: userText("Now add a test") }),
        ]),
      { fileName: FILE },
    );
    const before = r.events.slice(0, -1); // all but job.completed
    expect(grown.events.slice(0, before.length)).toEqual(before);
    // the new turn is still open: no terminal event yet (the session may still be running)
    expect(grown.events.at(-1)?.data).toMatchObject({ role: "user", text: "Now add a test" });
    expect(grown.events.some((e) => e.type === "job.completed")).toBe(false);
  });

  it("counts a restarted counter (a resumed session) from zero", () => {
    const resumed = importCodex(TEXT + jsonl([ev(at("30:00.000"), total(5000, 4000, 100, 0))]), {
      fileName: FILE,
    });
    expect(tokenTotals(resumed.events)).toEqual({
      input: 3500 + 1000,
      cached: 14000 + 4000,
      output: 650 + 100,
    });
  });
  it("keeps inline images and encrypted reasoning out of the events", () => {
    const png = `data:image/png;base64,${"A".repeat(5000)}`;
    const withImages = importCodex(
      TEXT +
        jsonl([
          item(at("20:00.000"), {
            type: "message",
            role: "user",
            content: [
              { type: "input_text", text: "What is on this screenshot?" },
              { type: "input_image", image_url: png },
            ],
          }),
          item(at("20:01.000"), {
            type: "reasoning",
            summary: [],
            content: null,
            encrypted_content: "gAAAAAB...",
          }),
          item(at("20:02.000"), {
            type: "function_call",
            name: "view_image",
            arguments: '{"path":"a.png"}',
            call_id: "call_V",
          }),
          item(at("20:02.100"), {
            type: "function_call_output",
            call_id: "call_V",
            output: [{ type: "input_image", image_url: png }],
          }),
        ]),
      { fileName: FILE },
    );
    expectWellFormed(withImages.events);
    const json = JSON.stringify(withImages.events);
    expect(json).not.toContain("AAAAAAAAAA");
    expect(json).not.toContain("gAAAAAB");
    expect(
      withImages.events.find((e) => e.data.text === "What is on this screenshot?")?.data.content,
    ).toEqual([
      { type: "input_text", text: "What is on this screenshot?" },
      { type: "input_image", image_url: "[inline image omitted: 5022 characters]" },
    ]);
    expect(ofType(withImages.events, "job.thinking")).toHaveLength(1); // the encrypted-only one adds none
  });
});
