// Tool activity: outputs of response items, the UI's tool events (`exec_command_end`, `mcp_tool_call_end`,
// ...) and thread items (`item_completed` in rollouts, `item.*` in `codex exec --json`).
import { type Channel, type Intent, raw } from "./intents";
import {
  asName,
  compact,
  contentText,
  durationMs,
  isObj,
  nstr,
  type Obj,
  obj,
  parseMaybeJson,
  snake,
  str,
  stripBlob,
} from "./util";

export type Output = { output?: unknown; isError?: boolean; durationMs?: number };

/** Normalizes a function/custom tool output: JSON envelopes, "Exit code: N" text, content arrays. */
export function convertOutput(v: unknown): Output {
  if (v === null || v === undefined) return {};
  if (typeof v === "string") {
    const parsed = parseMaybeJson(v);
    if (isObj(parsed) && "output" in parsed) {
      const meta = obj(parsed.metadata);
      const code = typeof meta.exit_code === "number" ? meta.exit_code : undefined;
      const secs = typeof meta.duration_seconds === "number" ? meta.duration_seconds : undefined;
      return compact({
        output: parsed.output,
        isError: code === undefined ? undefined : code !== 0,
        durationMs: secs === undefined ? undefined : Math.round(secs * 1000),
      });
    }
    const code = /^(?:Exit code:|Process exited with code) (-?\d+)/m.exec(v)?.[1];
    const wall = /^Wall time: ([\d.]+) seconds/m.exec(v)?.[1];
    return compact({
      output: v,
      isError: code === undefined ? undefined : Number(code) !== 0,
      durationMs: wall === undefined ? undefined : Math.round(Number(wall) * 1000),
    });
  }
  if (Array.isArray(v)) {
    const textOnly = v.every((p) => typeof p === "string" || (isObj(p) && typeof p.text === "string"));
    return { output: textOnly ? v.map((p) => (isObj(p) ? p.text : p)).join("\n") : v.map(stripBlob) };
  }
  if (isObj(v)) {
    if (
      typeof v.text === "string" &&
      Object.keys(v).every((k) => ["type", "text", "detail", "image_url"].includes(k))
    )
      return { output: v.text };
    if ("content" in v && typeof v.success === "boolean")
      return { ...convertOutput(v.content), isError: !v.success };
  }
  return { output: v };
}

/** An MCP result: `{Ok: {content, isError}}` / `{Err: "..."}` (rollouts) or `{content, structured_content}`. */
function mcpResult(result: unknown, error: unknown): Output {
  const r = obj(result);
  if ("Err" in r) return { output: r.Err, isError: true };
  const ok = isObj(r.Ok) ? r.Ok : r;
  const err = nstr(obj(error).message) ?? nstr(error);
  if (err) return { output: err, isError: true };
  const text = contentText(ok.content);
  const content = Array.isArray(ok.content) ? { ...ok, content: ok.content.map(stripBlob) } : ok;
  const structured = ok.structuredContent ?? ok.structured_content;
  return compact({
    output: text || (structured ?? (Object.keys(content).length ? content : undefined)),
    isError: typeof ok.isError === "boolean" ? ok.isError : undefined,
  });
}

const failedStatus = (s: unknown): boolean | undefined => {
  const v = typeof s === "string" ? s : isObj(s) ? Object.keys(s)[0] : undefined;
  return v === undefined ? undefined : /fail|error|declin|reject/i.test(v);
};

const commandOutput = (p: Obj): Output =>
  compact({
    output:
      str(p.aggregated_output) ??
      str(p.formatted_output) ??
      ([str(p.stdout), str(p.stderr)].filter(Boolean).join("\n") || undefined),
    isError: typeof p.exit_code === "number" ? p.exit_code !== 0 : failedStatus(p.status),
    durationMs: durationMs(p.duration),
  });

const patchOutput = (p: Obj): Output =>
  compact({
    output: [str(p.stdout), str(p.stderr)].filter(Boolean).join("\n") || str(p.status),
    isError: typeof p.success === "boolean" ? !p.success : failedStatus(p.status),
  });

type Spec = { tool: (p: Obj) => string; input: (p: Obj) => unknown; result?: (p: Obj) => Output };

const mcpTool = (p: Obj) => {
  const inv = isObj(p.invocation) ? p.invocation : p;
  return `${str(inv.server) ?? "mcp"}__${str(inv.tool) ?? "tool"}`;
};
const mcpArgs = (p: Obj) => parseMaybeJson((isObj(p.invocation) ? p.invocation : p).arguments);
const collab = (p: Obj) => compact({ prompt: p.prompt, receiver: p.receiver_thread_id, model: p.model });

/** UI tool events of the rollout (and of the old `msg` exec stream): call, and result when it ended. */
const EVENT_TOOLS: Record<string, Spec> = {
  exec_command_begin: { tool: () => "shell", input: (p) => compact({ command: p.command, cwd: p.cwd }) },
  exec_command_end: {
    tool: () => "shell",
    input: (p) => compact({ command: p.command, cwd: p.cwd }),
    result: commandOutput,
  },
  mcp_tool_call_begin: { tool: mcpTool, input: mcpArgs },
  mcp_tool_call_end: {
    tool: mcpTool,
    input: mcpArgs,
    result: (p) => ({ ...mcpResult(p.result, p.error), durationMs: durationMs(p.duration) }),
  },
  patch_apply_begin: { tool: () => "apply_patch", input: (p) => compact({ changes: p.changes }) },
  patch_apply_end: {
    tool: () => "apply_patch",
    input: (p) => compact({ files: Object.keys(obj(p.changes)) }),
    result: patchOutput,
  },
  web_search_begin: { tool: () => "web_search", input: (p) => compact({ query: p.query }) },
  web_search_end: {
    tool: () => "web_search",
    input: (p) => compact({ query: p.query, action: p.action }),
    result: (p) => ({ output: p.results ?? p.query }),
  },
  view_image_tool_call: { tool: () => "view_image", input: (p) => compact({ path: p.path }) },
  dynamic_tool_call_request: {
    tool: (p) => str(p.tool) ?? "dynamic_tool",
    input: (p) => parseMaybeJson(p.arguments),
  },
  dynamic_tool_call_response: {
    tool: (p) => str(p.tool) ?? "dynamic_tool",
    input: (p) => parseMaybeJson(p.arguments),
    result: (p) =>
      compact({
        output: contentText(p.content_items) || p.error || undefined,
        isError: p.success === false || (p.error !== null && p.error !== undefined),
        durationMs: durationMs(p.duration),
      }),
  },
  image_generation_end: {
    tool: () => "image_generation",
    input: (p) => compact({ prompt: p.revised_prompt }),
    // `result` is the base64 image: not kept.
    result: (p) => ({
      output: compact({ status: p.status, saved_path: p.saved_path }),
      isError: failedStatus(p.status),
    }),
  },
};

/** Intents of a UI tool event, or null when `type` is not one. */
export function toolEventIntents(type: string, p: Obj, ch: Channel): Intent[] | null {
  const collabMatch = /^collab_(.+)_(begin|end)$/.exec(type);
  const spec: Spec | undefined = collabMatch
    ? {
        tool: () => `collab_${collabMatch[1]}`,
        input: collab,
        result:
          collabMatch[2] === "end"
            ? (q) => ({ output: q.status ?? q.agent_statuses, isError: failedStatus(q.status) })
            : undefined,
      }
    : EVENT_TOOLS[type];
  if (!spec) return null;
  const callId = asName(p.call_id ?? p.callId);
  const out: Intent[] = [{ k: "call", ch, callId, tool: spec.tool(p), input: spec.input(p) }];
  if (spec.result) out.push({ k: "result", ch, callId, ...spec.result(p) });
  return out;
}

const itemText = (it: Obj): string => str(it.text) ?? contentText(it.content);

function reasoningParts(it: Obj): string[] {
  const pick = (v: unknown) =>
    Array.isArray(v)
      ? v.map((x) => (typeof x === "string" ? x : (str(obj(x).text) ?? ""))).filter((x) => x.trim())
      : [];
  const parts = pick(it.summary_text);
  if (parts.length) return parts;
  if (nstr(it.text)) return [it.text as string];
  return pick(it.raw_content).length ? pick(it.raw_content) : pick(it.content);
}

/**
 * A thread item (`codex exec --json` `item.*`, rollout `item_completed`). Calls are emitted from the first
 * phase seen (the emitter drops repeats by call id); results, messages and reasoning once completed.
 */
export function itemIntents(
  item: unknown,
  phase: "started" | "updated" | "completed",
  ch: Channel,
): Intent[] {
  if (!isObj(item)) return [raw("thread item without an item", item)];
  const type = snake(str(item.type) ?? "");
  const done = phase === "completed";
  const callId = asName(item.call_id ?? item.id);
  const tool = (name: string, input: unknown, result: () => Output): Intent[] => {
    const out: Intent[] = [{ k: "call", ch, callId, tool: name, input }];
    if (done) out.push({ k: "result", ch, callId, ...result() });
    return out;
  };
  switch (type) {
    case "user_message":
    case "agent_message":
    case "plan": {
      const text = itemText(item);
      if (!done || !text.trim()) return [];
      const user = type === "user_message";
      const data = compact({ message_id: asName(item.id), kind: type === "plan" ? "plan" : undefined });
      return [
        {
          k: "message",
          ch,
          pool: user ? "user" : "assistant",
          role: user ? "user" : "assistant",
          text,
          data,
          title: user,
        },
      ];
    }
    case "reasoning": {
      const parts = done ? reasoningParts(item) : [];
      const text = parts.join("\n\n");
      return text ? [{ k: "thinking", ch, text, keys: [text] }] : [];
    }
    case "command_execution":
      return tool("shell", compact({ command: item.command, cwd: item.cwd }), () => commandOutput(item));
    case "file_change": {
      const changes = Array.isArray(item.changes) ? item.changes : Object.keys(obj(item.changes));
      return tool("apply_patch", { changes }, () => patchOutput(item));
    }
    case "mcp_tool_call":
      return tool(mcpTool(item), mcpArgs(item), () => {
        const r = mcpResult(item.result, item.error);
        return {
          ...r,
          isError: r.isError ?? failedStatus(item.status),
          durationMs: durationMs(item.duration),
        };
      });
    case "web_search":
    case "extension":
      if (type === "extension" && !("query" in item || "action" in item)) break;
      return tool("web_search", compact({ query: item.query, action: item.action }), () => ({
        output: item.results,
      }));
    case "todo_list": {
      const items = Array.isArray(item.items) ? item.items : [];
      const doneCount = items.filter((t) => obj(t).completed === true).length;
      const message = `Plan: ${doneCount}/${items.length} done`;
      return [
        { k: "log", level: "info", message, data: { items }, once: `${callId}:${JSON.stringify(items)}` },
      ];
    }
    case "error":
      return done
        ? [{ k: "log", level: "warn", message: str(item.message) ?? "Codex error item", data: { item } }]
        : [];
  }
  return done ? [raw(`thread item ${type || "(no type)"}`, item)] : [];
}
