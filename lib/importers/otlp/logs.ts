// OTLP log records to protocol events: the events Claude Code exports (claude_code.*, keyed by session.id)
// and Codex exports (codex.*, keyed by conversation.id; see codex-logs.ts). Other log records are ignored.
//   claude_code.user_prompt    -> job.message user (the prompt, when OTEL_LOG_USER_PROMPTS=1)
//   claude_code.api_request    -> job.usage (model, tokens, cache read / creation tokens, cost_usd)
//   claude_code.api_error      -> job.log error, with the error text and status code
//   claude_code.tool_result    -> job.tool_call (at its time minus duration_ms) + job.tool_result
//   claude_code.tool_decision  -> job.log (warn when rejected)
//   other claude_code.*        -> job.log debug
// and for each session mentioned, a job.started (sessions.ts).
import { stableEventId } from "@/lib/runner-client/ids";
import { mapCodexRecord } from "./codex-logs";
import type { Attributes, AttrValue, LogRecord, LogsData } from "./decode";
import { Sessions } from "./sessions";
import {
  attr,
  attrBool,
  attrNum,
  attrStr,
  attrTokens,
  clip,
  eventId,
  hashOf,
  iso,
  Mapping,
  maybeJson,
  nameOf,
} from "./util";

export type RecordContext = {
  record: LogRecord;
  resource: Attributes;
  /** The record's attributes, then its resource's. */
  a: Attributes[];
  name: string;
  index: number;
  time: Date;
  /** Stable per record: the same record always gives the same key. */
  key: string;
  mapping: Mapping;
  sessions: Sessions;
};

/** The event's name: the record's event_name, a claude_code.* / codex.* body or event.name attribute. */
function eventNameOf(record: LogRecord, resource: Attributes): string | null {
  const candidates = [record.eventName, typeof record.body === "string" ? record.body : null];
  const attrName = attrStr([record.attributes], "event.name");
  if (attrName) candidates.push(attrName);
  for (const c of candidates) if (c && /^(claude_code|codex)\./.test(c)) return c;
  // Claude Code's event.name attribute is unprefixed ("api_request"); its body carries the prefix.
  const service = attrStr([resource], "service.name") ?? "";
  if (attrName && service === "claude-code") return `claude_code.${attrName}`;
  if (attrName && /^codex/.test(service)) return `codex.${attrName}`;
  return null;
}

function timeOf(record: LogRecord, now: Date): Date {
  if (record.time) return record.time;
  const stamp = attrStr([record.attributes], "event.timestamp");
  const parsed = stamp ? new Date(stamp) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : now;
}

export function mapLogs(data: LogsData, now: Date): Mapping {
  const mapping = new Mapping();
  const sessions = new Sessions();
  let index = 0;
  for (const rl of data.resourceLogs) {
    for (const sl of rl.scopeLogs) {
      for (const record of sl.items) {
        const i = index++;
        const name = eventNameOf(record, rl.resource);
        if (!name) {
          mapping.ignore("log records that are not Claude Code or Codex events");
          continue;
        }
        const key = hashOf(record.timeUnixNano, name, record.attributes, record.body);
        const ctx: RecordContext = {
          record,
          resource: rl.resource,
          a: [record.attributes, rl.resource],
          name,
          index: i,
          time: timeOf(record, now),
          key,
          mapping,
          sessions,
        };
        const mapped = name.startsWith("codex.") ? mapCodexRecord(ctx) : mapClaudeRecord(ctx);
        if (!mapped) mapping.ignore(`${name.split(".")[0]} events without a session id`, { warn: true });
      }
    }
  }
  mapping.items = index;
  sessions.addStarts(mapping);
  return mapping;
}

/** Maps one claude_code.* record; false when it names no session. */
function mapClaudeRecord(ctx: RecordContext): boolean {
  const { a, name, index, time, key, mapping } = ctx;
  const short = name.slice("claude_code.".length);
  const prompt = short === "user_prompt" ? attrStr(a, "prompt") : undefined;
  const job = ctx.sessions.see("claude-code", a, time, index, { model: attrStr(a, "model"), title: prompt });
  if (!job) return false;
  const id = (suffix: string) => eventId("claude-code", job, short, key, suffix);
  const base = { time: iso(time), job };
  const promptId = attrStr(a, "prompt.id");
  const extra = promptId ? { prompt_id: promptId } : {};

  switch (short) {
    case "user_prompt": {
      const length = attrNum(a, "prompt_length");
      mapping.add(index, {
        id: id("message"),
        type: "job.message",
        ...base,
        data: {
          role: "user",
          text: prompt ?? "(prompt not recorded: Claude Code sends prompts with OTEL_LOG_USER_PROMPTS=1)",
          ...(length !== undefined ? { prompt_length: length } : {}),
          ...extra,
        },
      });
      return true;
    }
    case "api_request": {
      const cost = attrNum(a, "cost_usd");
      const requestId = attrStr(a, "request_id");
      mapping.add(index, {
        id: id("usage"),
        type: "job.usage",
        ...base,
        data: {
          model: nameOf(attrStr(a, "model"), "unknown"),
          // Claude Code reports Anthropic's counts: input_tokens already excludes cached tokens.
          input_tokens: attrTokens(a, "input_tokens") ?? 0,
          output_tokens: attrTokens(a, "output_tokens") ?? 0,
          cache_read_tokens: attrTokens(a, "cache_read_tokens") ?? 0,
          cache_write_tokens: attrTokens(a, "cache_creation_tokens") ?? 0,
          ...(cost !== undefined && cost >= 0 ? { cost_usd: cost } : {}),
          ...(requestId ? { request_id: nameOf(requestId, "unknown") } : {}),
          ...pick(a, ["duration_ms", "query_source", "speed"]),
          ...extra,
        },
      });
      return true;
    }
    case "api_error": {
      const error = attrStr(a, "error") ?? "unknown error";
      const status = attrStr(a, "status_code");
      const model = attrStr(a, "model");
      mapping.add(index, {
        id: id("log"),
        type: "job.log",
        ...base,
        data: {
          level: "error",
          message: `API error${status ? ` ${status}` : ""}${model ? ` (${model})` : ""}: ${error}`,
          error,
          ...pick(a, ["status_code", "model", "attempt", "duration_ms"]),
          ...extra,
        },
      });
      return true;
    }
    case "tool_result":
      toolResult(ctx, job, id);
      return true;
    case "tool_decision": {
      const decision = attrStr(a, "decision") ?? "unknown";
      const tool = attrStr(a, "tool_name") ?? "a tool";
      const source = attrStr(a, "source");
      mapping.add(index, {
        id: id("log"),
        type: "job.log",
        ...base,
        data: {
          level: decision === "reject" ? "warn" : "info",
          message: `Tool ${tool}: ${decision}${source ? ` (${source})` : ""}`,
          ...pick(a, ["tool_name", "decision", "source", "tool_use_id"]),
          ...extra,
        },
      });
      return true;
    }
    default:
      mapping.add(index, {
        id: id("log"),
        type: "job.log",
        ...base,
        data: { level: "debug", message: name, attributes: clipped(ctx.record.attributes) },
      });
      return true;
  }
}

function toolResult(ctx: RecordContext, job: string, id: (suffix: string) => string) {
  const { a, index, time, mapping } = ctx;
  const toolUseId = attrStr(a, "tool_use_id");
  const success = attrBool(a, "success") ?? true;
  const duration = attrNum(a, "duration_ms");
  const callId = nameOf(toolUseId, `otel-${ctx.key}`);
  const input = maybeJson(attr(a, "tool_parameters", "tool_input"));
  const error = attrStr(a, "error");
  // With a tool_use_id, the ids the Claude Code hook (lib/runner-client/claude-code-map.ts) gives the same
  // call: a session reported by both the hook and OpenTelemetry stores each tool call once.
  const hookId = (hook: string, suffix: string) =>
    toolUseId ? stableEventId("cc", job, `${hook}:${toolUseId}`, suffix) : id(suffix);
  const callTime = duration !== undefined ? new Date(time.getTime() - Math.max(0, duration)) : time;
  mapping.add(index, {
    id: hookId("PreToolUse", "call"),
    type: "job.tool_call",
    time: iso(callTime),
    job,
    data: {
      call_id: callId,
      tool: nameOf(attrStr(a, "tool_name"), "unknown"),
      ...(input !== undefined ? { input } : {}),
    },
  });
  mapping.add(index, {
    id: hookId(success ? "PostToolUse" : "PostToolUseFailure", "result"),
    type: "job.tool_result",
    time: iso(time),
    job,
    data: {
      call_id: callId,
      is_error: !success,
      ...(error ? { output: error } : {}),
      ...(duration !== undefined && duration >= 0 ? { duration_ms: duration } : {}),
      ...pick(a, ["decision", "decision_type", "decision_source", "source", "tool_result_size_bytes"]),
    },
  });
}

/** The listed attributes that are present, as plain values. */
export function pick(a: Attributes[], keys: string[]): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const k of keys) {
    const v = attr(a, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Attributes with long strings clipped, for debug entries. */
function clipped(attributes: Attributes): Attributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => [k, typeof v === "string" ? clip(v, 10_000) : v]),
  );
}
