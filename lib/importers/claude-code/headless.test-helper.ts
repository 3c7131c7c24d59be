// Headless output samples for the tests. No public fixtures exist, so they follow Claude Code's documented
// output: a system/init message (session_id, model, tools, cwd), assistant and user messages wrapping API
// message objects (an assistant response split over one message per content block, sub-agent messages
// carrying parent_tool_use_id), and a final result with subtype, is_error, duration_ms, num_turns,
// total_cost_usd, usage and modelUsage.
export const SESSION = "9f1c2d3e-4b5a-4c6d-8e7f-001122334455";
export const SONNET = "claude-sonnet-4-5-20250929";
export const HAIKU = "claude-haiku-4-5-20251001";
export const usage = (input: number, output: number, read: number, write: number) => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_input_tokens: read,
  cache_creation_input_tokens: write,
  service_tier: "standard",
});
const assistant = (
  uuid: string,
  id: string,
  content: unknown[],
  u: object,
  parent: string | null = null,
) => ({
  type: "assistant",
  message: { id, type: "message", role: "assistant", model: SONNET, content, stop_reason: null, usage: u },
  parent_tool_use_id: parent,
  session_id: SESSION,
  uuid,
});
const user = (uuid: string, content: unknown, parent: string | null = null, extra: object = {}) => ({
  type: "user",
  message: { role: "user", content },
  parent_tool_use_id: parent,
  session_id: SESSION,
  uuid,
  ...extra,
});

export const INIT = {
  type: "system",
  subtype: "init",
  cwd: "/home/ci/repo",
  session_id: SESSION,
  tools: ["Task", "Bash", "Glob", "Grep", "Read", "Edit", "Write", "TodoWrite"],
  mcp_servers: [],
  model: SONNET,
  permissionMode: "bypassPermissions",
  slash_commands: ["compact", "review"],
  apiKeySource: "ANTHROPIC_API_KEY",
  claude_code_version: "2.0.14",
  output_style: "default",
  uuid: "e0b1c2d3-0000-4000-8000-000000000001",
};
export const RESULT = {
  type: "result",
  subtype: "success",
  is_error: false,
  duration_ms: 48210,
  duration_api_ms: 40100,
  num_turns: 6,
  result: "Fixed the failing date test: the fixture used local time.",
  session_id: SESSION,
  total_cost_usd: 0.0821,
  usage: usage(19, 412, 46000, 1500),
  modelUsage: {
    [SONNET]: {
      inputTokens: 19,
      outputTokens: 412,
      cacheReadInputTokens: 46000,
      cacheCreationInputTokens: 1500,
      webSearchRequests: 0,
      costUSD: 0.0791,
      contextWindow: 200000,
    },
    [HAIKU]: {
      inputTokens: 900,
      outputTokens: 40,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      webSearchRequests: 0,
      costUSD: 0.003,
      contextWindow: 200000,
    },
  },
  permission_denials: [],
  uuid: "e0b1c2d3-0000-4000-8000-0000000000ff",
};
export const STREAM = [
  INIT,
  // One API response in two messages (one per content block), usage repeated with the final output count last.
  assistant(
    "a-1",
    "msg_01A",
    [{ type: "text", text: "I'll run the tests first." }],
    usage(4, 2, 15000, 1200),
  ),
  assistant(
    "a-2",
    "msg_01A",
    [{ type: "tool_use", id: "toolu_01B", name: "Bash", input: { command: "npm test" } }],
    usage(4, 87, 15000, 1200),
  ),
  user(
    "u-1",
    [{ tool_use_id: "toolu_01B", type: "tool_result", content: "1 failing: formats dates", is_error: true }],
    null,
    {
      tool_use_result: { stdout: "", stderr: "1 failing: formats dates", interrupted: false, isImage: false },
    },
  ),
  assistant(
    "a-3",
    "msg_01C",
    [
      {
        type: "tool_use",
        id: "toolu_task",
        name: "Task",
        input: {
          description: "find fixture",
          prompt: "Find the date fixture",
          subagent_type: "general-purpose",
        },
      },
    ],
    usage(6, 60, 16200, 300),
  ),
  // The sub-agent's own conversation.
  user("s-1", [{ type: "text", text: "Find the date fixture" }], "toolu_task"),
  {
    type: "stream_event",
    event: { type: "content_block_delta" },
    session_id: SESSION,
    parent_tool_use_id: "toolu_task",
  },
  assistant(
    "s-2",
    "msg_01S",
    [{ type: "tool_use", id: "toolu_grep", name: "Grep", input: { pattern: "2024-01-01" } }],
    usage(3, 30, 0, 0),
    "toolu_task",
  ),
  user(
    "s-3",
    [{ tool_use_id: "toolu_grep", type: "tool_result", content: "test/fixtures/dates.ts:3" }],
    "toolu_task",
  ),
  assistant(
    "s-4",
    "msg_01T",
    [{ type: "text", text: "It is test/fixtures/dates.ts." }],
    usage(3, 12, 0, 0),
    "toolu_task",
  ),
  user(
    "u-2",
    [
      {
        tool_use_id: "toolu_task",
        type: "tool_result",
        content: [{ type: "text", text: "It is test/fixtures/dates.ts." }],
      },
    ],
    null,
    {
      tool_use_result: {
        status: "completed",
        agentId: "a7f3c9e1b2d40586",
        content: [{ type: "text", text: "It is test/fixtures/dates.ts." }],
        totalDurationMs: 5210,
        totalTokens: 1480,
        totalToolUseCount: 1,
      },
    },
  ),
  assistant(
    "a-4",
    "msg_01D",
    [{ type: "text", text: "Fixed the failing date test: the fixture used local time." }],
    usage(3, 223, 14800, 0),
  ),
  RESULT,
];
export const TIME = "2026-02-03T04:05:06.000Z";
export const streamText = STREAM.map((l) => JSON.stringify(l)).join("\n");
