// Rollout `response_item` records (what the model saw): messages, reasoning, tool calls and outputs. Also
// the bare response items of pre-0.3 rollouts and loosely shaped "schema drift" lines.
import { type Intent, raw } from "./intents";
import { convertOutput } from "./tools";
import {
  asName,
  cleanContent,
  compact,
  contentText,
  nstr,
  type Obj,
  obj,
  parseMaybeJson,
  str,
  words,
} from "./util";

/** Injected context Codex sends as "user" messages: kept as system messages, never the title. */
const INJECTED =
  /^\s*(<(environment_context|user_instructions|permissions instructions|collaboration_mode|INSTRUCTIONS|turn_aborted|skill)\b|# AGENTS\.md instructions)/i;

const RESPONSE_ITEMS = words(`
  message reasoning function_call custom_tool_call local_shell_call tool_search_call web_search_call
  image_generation_call function_call_output custom_tool_call_output local_shell_call_output
  tool_search_output function_result agent_message ghost_snapshot compaction compaction_summary
`);
/** Records and UI events that carry nothing for the transcript (state snapshots, deltas, begin markers). */
export const SILENT = words(`
  world_state inter_agent_communication_metadata state context_compacted item_started item_updated
  agent_message_delta agent_reasoning_delta agent_reasoning_raw_content agent_reasoning_raw_content_delta
  agent_reasoning_section_break exec_command_output_delta turn_diff plan_update shutdown_complete
  get_history_entry_response mcp_list_tools_response list_custom_prompts_response mcp_startup_update
  mcp_startup_complete ghost_snapshot compaction compaction_summary item.plan.delta raw_response_item
`);

export const isResponseItemType = (t: unknown): boolean => typeof t === "string" && RESPONSE_ITEMS.has(t);

export function responseItem(p: Obj, rec: Obj): Intent[] {
  const type = str(p.type);
  switch (type) {
    case "message": {
      const codexRole = str(p.role) ?? "user";
      const text = contentText(p.content ?? p.message);
      const content = cleanContent(p.content);
      if (!text.trim() && !content) return [];
      const injected = codexRole === "user" && INJECTED.test(text);
      const role =
        codexRole === "assistant" ? "assistant" : codexRole === "user" && !injected ? "user" : "system";
      const data = compact({
        content,
        message_id: asName(p.id),
        codex_role: role === codexRole ? undefined : codexRole,
      });
      return [{ k: "message", ch: "canonical", pool: role, role, text, data, title: role === "user" }];
    }
    case "agent_message": {
      const text = contentText(p.content);
      if (!text.trim()) return [];
      const data = compact({
        kind: "inter_agent",
        author: p.author,
        recipient: p.recipient,
        message_id: asName(p.id),
      });
      return [{ k: "message", ch: "canonical", pool: "inter_agent", role: "user", text, data }];
    }
    case "reasoning": {
      const summary = Array.isArray(p.summary)
        ? p.summary.map((s) => contentText([s])).filter((s) => s.trim())
        : [];
      const pieces = summary.length ? summary : [contentText(p.content)].filter((s) => s.trim());
      if (!pieces.length) return []; // encrypted only
      const text = pieces.join("\n\n");
      return [{ k: "thinking", ch: "canonical", text, keys: pieces.length > 1 ? [...pieces, text] : pieces }];
    }
    case "function_call":
    case "custom_tool_call":
    case "local_shell_call":
    case "tool_search_call": {
      const fn = obj(p.function);
      const tool =
        type === "local_shell_call"
          ? "local_shell"
          : type === "tool_search_call"
            ? "tool_search"
            : (str(p.name) ?? str(fn.name) ?? "unknown");
      const input = parseMaybeJson(
        type === "local_shell_call" ? p.action : (p.arguments ?? p.input ?? fn.arguments),
      );
      const data = compact({ namespace: nstr(p.namespace), status: str(p.status) });
      return [
        { k: "call", ch: "canonical", callId: asName(p.call_id), tool, input: input ?? undefined, data },
      ];
    }
    case "web_search_call":
    case "image_generation_call": {
      const callId = asName(p.call_id ?? p.id);
      const search = type === "web_search_call";
      const failed = typeof p.status === "string" ? /fail/i.test(p.status) : undefined;
      const input = search
        ? (p.action ?? compact({ query: p.query }))
        : compact({ prompt: p.revised_prompt });
      return [
        { k: "call", ch: "canonical", callId, tool: search ? "web_search" : "image_generation", input },
        { k: "result", ch: "canonical", callId, output: compact({ status: p.status }), isError: failed },
      ];
    }
    case "function_call_output":
    case "custom_tool_call_output":
    case "local_shell_call_output":
      return [{ k: "result", ch: "canonical", callId: asName(p.call_id), ...convertOutput(p.output) }];
    case "tool_search_output":
      return [
        {
          k: "result",
          ch: "canonical",
          callId: asName(p.call_id),
          output: compact({ status: p.status, tools: p.tools }),
        },
      ];
    case "function_result": // schema drift: {type, name, result}, no call id
      return [
        {
          k: "result",
          ch: "canonical",
          callId: asName(p.call_id),
          tool: str(p.name),
          ...convertOutput(p.result ?? p.output),
        },
      ];
  }
  if (type && SILENT.has(type)) return [];
  return [raw(`response item ${type ?? "(no type)"}`, rec)];
}
