// A realistic current-format rollout (the shape Codex 0.4x-0.5x writes, with extended event persistence:
// response items AND the UI's copies of them), shared by the rollout tests.
import { jsonl } from "./test-helpers";

export const SID = "0199b7c2-4a1e-7d30-9f5e-2b8c0d1e3f40";
export const FILE = `rollout-2025-10-05T09-12-03-${SID}.jsonl`;
export const at = (s: string) => `2025-10-05T09:${s}Z`;
export const ev = (timestamp: string | undefined, payload: object) => ({
  timestamp,
  type: "event_msg",
  payload,
});
export const item = (timestamp: string | undefined, payload: object) => ({
  timestamp,
  type: "response_item",
  payload,
});
export const total = (input: number, cached: number, output: number, reasoning: number) => {
  const t = {
    input_tokens: input,
    cached_input_tokens: cached,
    output_tokens: output,
    reasoning_output_tokens: reasoning,
    total_tokens: input + output,
  };
  return {
    type: "token_count",
    info: { total_token_usage: t, last_token_usage: t, model_context_window: 272000 },
    rate_limits: { primary: { used_percent: 4, window_minutes: 300 } },
  };
};
export const userText = (text: string) => [{ type: "input_text", text }];

const SESSION = [
  {
    timestamp: at("12:03.512"),
    type: "session_meta",
    payload: {
      id: SID,
      timestamp: at("12:03.498"),
      cwd: "/home/dev/api",
      originator: "codex_cli_rs",
      cli_version: "0.46.0",
      instructions: null,
      source: "cli",
      model_provider: "openai",
      git: { commit_hash: "9f1c2ab", branch: "fix/login", repository_url: "git@github.com:acme/api.git" },
    },
  },
  item(at("12:03.520"), {
    type: "message",
    role: "user",
    content: userText("<user_instructions>\nAlways run the tests.\n</user_instructions>"),
  }),
  item(at("12:03.521"), {
    type: "message",
    role: "user",
    content: userText("<environment_context>\n  <cwd>/home/dev/api</cwd>\n</environment_context>"),
  }),
  {
    timestamp: at("12:05.001"),
    type: "turn_context",
    payload: {
      cwd: "/home/dev/api",
      approval_policy: "on-request",
      sandbox_policy: { mode: "workspace-write" },
      model: "gpt-5-codex",
      effort: "medium",
      summary: "auto",
    },
  },
  item(at("12:05.002"), { type: "message", role: "user", content: userText("Fix the failing login test") }),
  ev(at("12:05.003"), { type: "user_message", message: "Fix the failing login test", kind: "plain" }),
  ev(at("12:05.900"), {
    type: "token_count",
    info: null,
    rate_limits: { primary: { used_percent: 3, window_minutes: 300 } },
  }),
  ev("2025-10-05T09:12:07.100", { type: "agent_reasoning", text: "**Running the tests**" }), // no zone: UTC
  item(undefined, {
    type: "reasoning",
    summary: [{ type: "summary_text", text: "**Running the tests**" }],
    content: null,
    encrypted_content: "gAAAAABo...",
  }), // no timestamp: the previous one
  item(at("12:07.400"), {
    type: "function_call",
    name: "shell",
    arguments: '{"command":["bash","-lc","npm test"],"workdir":"/home/dev/api"}',
    call_id: "call_A",
  }),
  ev(at("12:09.800"), {
    type: "exec_command_end",
    call_id: "call_A",
    command: ["bash", "-lc", "npm test"],
    stdout: "FAIL test/login.test.ts\n",
    stderr: "",
    aggregated_output: "FAIL test/login.test.ts\n",
    exit_code: 1,
    duration: { secs: 2, nanos: 400000000 },
  }),
  item(at("12:09.801"), {
    type: "function_call_output",
    call_id: "call_A",
    output: '{"output":"FAIL test/login.test.ts\\n","metadata":{"exit_code":1,"duration_seconds":2.4}}',
  }),
  ev(at("12:09.900"), total(8000, 6000, 300, 200)),
  ev(at("12:09.901"), total(8000, 6000, 300, 200)), // written twice
  item(at("12:11.000"), {
    type: "custom_tool_call",
    status: "completed",
    call_id: "call_B",
    name: "apply_patch",
    input:
      "*** Begin Patch\n*** Update File: src/login.ts\n@@\n-  return now() > exp;\n+  return Date.now() > exp;\n*** End Patch\n",
  }),
  ev(at("12:11.200"), {
    type: "patch_apply_end",
    call_id: "call_B",
    stdout: "Success. Updated the following files:\nM src/login.ts\n",
    stderr: "",
    success: true,
  }),
  item(at("12:11.201"), {
    type: "custom_tool_call_output",
    call_id: "call_B",
    output:
      "Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess. Updated the following files:\nM src/login.ts\n",
  }),
  ev(at("12:14.000"), { type: "agent_message", message: "Fixed: the token check used the wrong clock." }),
  item(at("12:14.001"), {
    type: "message",
    role: "assistant",
    content: [{ type: "output_text", text: "Fixed: the token check used the wrong clock." }],
  }),
  ev(at("12:14.100"), total(17500, 14000, 650, 380)),
  ev(at("12:14.101"), total(17500, 14000, 650, 380)),
  ev(at("12:14.200"), {
    type: "task_complete",
    last_agent_message: "Fixed: the token check used the wrong clock.",
  }),
];
export const TEXT = jsonl(SESSION);
