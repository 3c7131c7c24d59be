// Test helper (not shipped): one Claude Code hook input of each kind, for the hook's and the mapper's tests.
import type { HookInput } from "./claude-code-map";

/** The samples, naming `transcript` and `cwd` as the session's transcript file and working directory. */
export function hookSamples({
  transcript,
  cwd,
}: {
  transcript: string;
  cwd: string;
}): Record<string, HookInput> {
  const base = (session = "sess-1") => ({
    session_id: session,
    transcript_path: transcript,
    cwd,
    permission_mode: "default",
  });

  return {
    SessionStart: {
      ...base(),
      hook_event_name: "SessionStart",
      source: "startup",
      model: "claude-sonnet-4-5",
    },
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
}
