// fleetwatch-claude-hook fed Claude Code hook input on stdin, against a real HTTP server.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { type HookInput, mapHookInput } from "./claude-code-map";
import { startTestServer, type TestServer } from "./server.test-helper";
import { run } from "./spawn.test-helper";

const bin = path.resolve(import.meta.dirname, "../../bin/fleetwatch-claude-hook.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "fw-hook-"));
const repo = path.join(dir, "repo");
const transcript = path.join(dir, "transcript.jsonl");
const stateDir = path.join(dir, "state");
execFileSync("git", ["init", "-q", "-b", "fix/login", repo]);
execFileSync("git", ["-C", repo, "remote", "add", "origin", "https://bot:s3cret@github.com/acme/shop.git"]);
writeFileSync(transcript, '{"type":"user"}\n');

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ signingSecret: "fws_hook" });
});
afterEach(() => server.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (session = "sess-1") => ({
  session_id: session,
  transcript_path: transcript,
  cwd: repo,
  permission_mode: "default",
});

const SAMPLES: Record<string, HookInput> = {
  SessionStart: { ...base(), hook_event_name: "SessionStart", source: "startup", model: "claude-sonnet-4-5" },
  UserPromptSubmit: { ...base(), hook_event_name: "UserPromptSubmit", prompt: "Fix the login bug" },
  PreToolUse: {
    ...base(),
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: "npm test", description: "Run the tests" },
    tool_use_id: "toolu_01",
  },
  PostToolUse: {
    ...base(),
    hook_event_name: "PostToolUse",
    tool_name: "Bash",
    tool_input: { command: "npm test" },
    tool_response: { stdout: "42 passed", stderr: "", interrupted: false },
    tool_use_id: "toolu_01",
  },
  PostToolUseFailure: {
    ...base(),
    hook_event_name: "PostToolUseFailure",
    tool_name: "Bash",
    tool_input: { command: "npm run lint" },
    tool_use_id: "toolu_02",
    error: "Command failed with exit code 1",
    is_interrupt: false,
  },
  Notification: {
    ...base(),
    hook_event_name: "Notification",
    message: "Claude needs your permission to use Bash",
    notification_type: "permission_prompt",
  },
  Stop: {
    ...base(),
    hook_event_name: "Stop",
    stop_hook_active: false,
    last_assistant_message: "Fixed: tests pass.",
  },
  SubagentStop: {
    ...base(),
    hook_event_name: "SubagentStop",
    stop_hook_active: false,
    agent_id: "agent-7",
    agent_type: "Explore",
    agent_transcript_path: "/tmp/agent-7.jsonl",
  },
  StopFailure: {
    ...base("sess-2"),
    hook_event_name: "StopFailure",
    error: "rate_limit",
    error_details: "429: rate limit exceeded for this organization",
  },
  SessionEnd: { ...base(), hook_event_name: "SessionEnd", reason: "prompt_input_exit" },
  PreCompact: { ...base(), hook_event_name: "PreCompact", trigger: "auto", custom_instructions: "" },
};

const hook = (input: unknown, env: Record<string, string> = {}) =>
  run(process.execPath, [bin], {
    cwd: dir,
    input: typeof input === "string" ? input : JSON.stringify(input),
    env: {
      FLEETWATCH_URL: server.url,
      FLEETWATCH_KEY: "fwk_hook",
      FLEETWATCH_SIGNING_SECRET: "fws_hook",
      FLEETWATCH_AGENT: "laptop-claude",
      FLEETWATCH_HARNESS_VERSION: "2.1.80",
      FLEETWATCH_STATE_DIR: stateDir,
      ...env,
    },
  });

describe("fleetwatch-claude-hook", () => {
  it("reports every hook event as valid protocol events, silently, exit 0", async () => {
    const runs = await Promise.all(Object.values(SAMPLES).map((input) => hook(input)));
    for (const r of runs)
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        code: 0,
        stdout: "",
        stderr: "",
      });
    const events = server.requests.flatMap((r) => r.events);
    for (const e of events) expect(parseEvent(e), JSON.stringify(e)).toMatchObject({ ok: true });
    const of = (type: string) => events.filter((e) => e.type === type);

    expect(of("job.started")).toEqual([
      expect.objectContaining({
        job: "sess-1",
        agent: "laptop-claude",
        data: expect.objectContaining({
          harness: "claude-code",
          harness_version: "2.1.80",
          model: "claude-sonnet-4-5",
          repo: "https://github.com/acme/shop.git",
          branch: "fix/login",
          title: "Claude Code in repo",
          source: "startup",
        }),
      }),
    ]);
    expect(of("job.message").map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { role: "user", text: "Fix the login bug" },
        { role: "assistant", text: "Fixed: tests pass." },
      ]),
    );
    expect(of("job.tool_call")).toEqual([
      expect.objectContaining({
        data: {
          call_id: "toolu_01",
          tool: "Bash",
          input: { command: "npm test", description: "Run the tests" },
        },
      }),
    ]);
    const results = Object.fromEntries(
      of("job.tool_result").map((e) => [(e.data as { call_id: string }).call_id, e.data]),
    );
    expect(results.toolu_01).toMatchObject({ is_error: false, output: { stdout: "42 passed" } });
    expect(results.toolu_02).toMatchObject({ is_error: true, output: "Command failed with exit code 1" });
    expect(of("job.failed")).toEqual([
      expect.objectContaining({
        job: "sess-2",
        data: {
          error: { type: "rate_limit", message: "429: rate limit exceeded for this organization" },
          retryable: true,
        },
      }),
    ]);
    expect(of("job.completed")).toEqual([
      expect.objectContaining({
        job: "sess-1",
        data: { summary: "Session ended (prompt_input_exit)", reason: "prompt_input_exit" },
      }),
    ]);
    const logs = of("job.log").map((e) => e.data as { level: string; message: string });
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: "warn", message: "Claude needs your permission to use Bash" }),
        expect.objectContaining({ level: "info", message: "Claude finished its turn" }),
        expect.objectContaining({ level: "info", message: "Subagent Explore finished" }),
        expect.objectContaining({ level: "debug", message: "Claude Code hook PreCompact" }),
      ]),
    );
    const statuses = of("agent.heartbeat").map((e) => (e.data as { status: string }).status);
    expect(statuses.sort()).toEqual(["busy", "idle", "idle", "idle", "idle", "waiting"]);
    for (const e of of("agent.heartbeat")) expect(e.agent).toBe("laptop-claude");
    for (const r of server.requests) expect(r.headers["fleetwatch-signature"]).toMatch(/^t=\d+,v1=/);
  });

  it("gives the same ids when Claude Code runs a hook twice: the server sees duplicates", async () => {
    for (const name of ["PreToolUse", "UserPromptSubmit", "SessionStart"]) {
      await hook(SAMPLES[name]);
      await hook(SAMPLES[name]);
    }
    const [a, b, c, d, e, f] = server.requests.map((r) => r.events.map((ev) => ev.id));
    expect(b).toEqual(a);
    expect(d).toEqual(c);
    expect(f).toEqual(e);
    expect(a).toEqual(["cc:sess-1:PreToolUse:toolu_01:call"]);
    expect(server.stored).toHaveLength(new Set([...(a ?? []), ...(c ?? []), ...(e ?? [])]).size);
  });

  it("tells apart the same prompt sent twice in a session (the transcript grew)", async () => {
    const t2 = path.join(dir, "t2.jsonl");
    writeFileSync(t2, "a\n");
    const input = { ...SAMPLES.UserPromptSubmit, transcript_path: t2 };
    await hook(input);
    writeFileSync(t2, "a\nb\nc\n");
    await hook(input);
    const [first, second] = server.requests.map((r) => r.events[0]?.id);
    expect(first).not.toEqual(second);
  });

  it("ends a session whose last turn failed with job.failed, not job.completed", async () => {
    await hook({ ...SAMPLES.StopFailure, session_id: "sess-3" });
    await hook({ ...SAMPLES.SessionEnd, session_id: "sess-3", reason: "other" });
    const end = server.requests[1]?.events[0];
    expect(end).toMatchObject({
      type: "job.failed",
      job: "sess-3",
      data: { error: { type: "rate_limit" }, reason: "other" },
    });
    // A later turn that succeeds clears the failure.
    await hook({ ...SAMPLES.StopFailure, session_id: "sess-4" });
    await hook({ ...SAMPLES.Stop, session_id: "sess-4" });
    await hook({ ...SAMPLES.SessionEnd, session_id: "sess-4" });
    expect(server.requests[4]?.events[0]).toMatchObject({ type: "job.completed", job: "sess-4" });
  });

  it("never fails Claude Code: exit 0 on bad input, no configuration, a dead or silent server", async () => {
    const silent = await startTestServer();
    silent.script("hang", "hang", "hang");
    try {
      const runs = await Promise.all([
        hook("this is not json"),
        hook(""),
        hook(SAMPLES.Stop, { FLEETWATCH_URL: "" }),
        hook(SAMPLES.Stop, { FLEETWATCH_URL: "http://127.0.0.1:1" }),
        hook(SAMPLES.Stop, { FLEETWATCH_URL: silent.url, FLEETWATCH_HOOK_TIMEOUT_MS: "1500" }),
      ]);
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
      for (const r of runs) expect(r.stdout).toBe("");
      expect(runs[0]?.stderr).toMatch(/not a JSON object/);
      expect(runs[2]?.stderr).toMatch(/FLEETWATCH_URL and FLEETWATCH_KEY are not set/);
      expect(runs[3]?.stderr).toMatch(/Gave up after 3 attempts: network error/);
      expect(runs[4]?.ms).toBeLessThan(4000);
    } finally {
      await silent.close();
    }
  });

  it("reports a permanent server error on stderr and still exits 0", async () => {
    server.script({ status: 401, body: { error: { code: "unauthorized", message: "Unknown API key." } } });
    const r = await hook(SAMPLES.Stop);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/HTTP 401\): Unknown API key\./);
  });
});

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
