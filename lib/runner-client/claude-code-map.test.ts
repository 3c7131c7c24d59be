// mapHookInput: Claude Code hook input to protocol events (pure; no process, no server).
import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { mapHookInput } from "./claude-code-map";
import { hookSamples } from "./claude-code-samples.test-helper";

const SAMPLES = hookSamples({ transcript: "/tmp/transcript.jsonl", cwd: "/tmp/repo" });

describe("mapHookInput", () => {
  const ctx = { agent: "a", host: "h", now: new Date("2026-11-22T10:00:00Z"), transcriptSize: 10 };

  it("maps every sample to events the protocol accepts, with ids within 200 characters", () => {
    for (const input of Object.values(SAMPLES)) {
      const { events } = mapHookInput(input, ctx);
      expect(events.length).toBeGreaterThan(0);
      for (const e of events) {
        const wire = { ...e, time: (e.time as Date).toISOString() };
        expect(parseEvent(wire), JSON.stringify(wire)).toMatchObject({ ok: true });
        expect(e.id?.length).toBeLessThanOrEqual(200);
      }
    }
  });

  it("is lenient: missing fields, older field names, huge outputs", () => {
    expect(mapHookInput({ hook_event_name: "Stop" }, ctx).events).toEqual([]);
    const note = mapHookInput(
      {
        session_id: "s",
        hook_event_name: "Notification",
        message: "Claude needs your permission to use Edit",
      },
      ctx,
    );
    expect(note.events.map((e) => e.type)).toEqual(["job.log", "agent.heartbeat"]);
    const failure = mapHookInput(
      {
        session_id: "s",
        hook_event_name: "StopFailure",
        error_type: "server_error",
        error_message: "overloaded",
      },
      ctx,
    );
    expect(failure.events[0]?.data).toEqual({
      error: { type: "server_error", message: "overloaded" },
      retryable: true,
    });
    const huge = mapHookInput(
      {
        session_id: "s",
        hook_event_name: "PostToolUse",
        tool_use_id: "t",
        tool_response: { content: "z".repeat(300_000) },
      },
      { ...ctx, maxFieldChars: 1000 },
    );
    expect(huge.events[0]?.data).toMatchObject({ output: { truncated: true, chars: 300_014 } });
    const idle = mapHookInput(
      {
        session_id: "s",
        hook_event_name: "Notification",
        message: "Claude is waiting for your input",
        notification_type: "idle_prompt",
      },
      ctx,
    );
    expect(idle.events.map((e) => e.type)).toEqual(["job.log"]);
  });

  it("never cuts a character in half when it shortens text: emoji (surrogate pairs) at the cut", () => {
    // maxFieldChars 10: "a" x 9 then 😀 (UTF-16 units 9 and 10): a cut after 10 units would keep only the
    // emoji's high surrogate. The whole emoji goes instead: 9 units kept, 3 dropped (the emoji's 2 and "b").
    const text = `${"a".repeat(9)}😀b`;
    const small = { ...ctx, maxFieldChars: 10 };
    const prompt = mapHookInput(
      { session_id: "s", hook_event_name: "UserPromptSubmit", prompt: text },
      small,
    );
    expect(prompt.events.find((e) => e.type === "job.message")?.data).toMatchObject({
      text: `${"a".repeat(9)}… [truncated 3 characters]`,
    });
    // A structured value's JSON preview: {"k":"aaaa😀… is cut before the emoji ({"k":" is 6 units, 3 "a").
    const tool = [
      ...mapHookInput(
        {
          session_id: "s",
          hook_event_name: "PreToolUse",
          tool_use_id: "t",
          tool_input: { k: `${"a".repeat(3)}😀${"z".repeat(20)}` },
        },
        small,
      ).events,
      ...mapHookInput(
        {
          session_id: "s",
          hook_event_name: "PostToolUse",
          tool_use_id: "t",
          tool_response: `${"a".repeat(9)}😀`,
        },
        small,
      ).events,
    ];
    const result = tool.find((e) => e.type === "job.tool_result")?.data;
    expect(result?.output).toBe(`${"a".repeat(9)}… [truncated 2 characters]`);
    const call = tool.find((e) => e.type === "job.tool_call")?.data;
    expect(call?.input).toEqual({ truncated: true, chars: 33, preview: '{"k":"aaa' });
    // An error type over 200 units with an emoji across the 200th: 199 units kept.
    const failure = mapHookInput(
      {
        session_id: "s",
        hook_event_name: "StopFailure",
        error_type: `${"t".repeat(199)}😀`,
        error_message: "x",
      },
      ctx,
    );
    expect(failure.events[0]?.data).toMatchObject({ error: { type: "t".repeat(199) } });
    // JSON.stringify escapes exactly the unpaired surrogates (\udXXX); a whole emoji is written as is.
    for (const e of [...prompt.events, ...tool, ...failure.events]) {
      expect(JSON.stringify(e.data)).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
    }
  });
});
