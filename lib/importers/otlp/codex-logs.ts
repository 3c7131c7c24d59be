// Codex's OpenTelemetry log events (the [otel] section of ~/.codex/config.toml), keyed by conversation.id:
//   codex.conversation_starts          -> job.log info (model, provider, approval and sandbox policies)
//   codex.user_prompt                  -> job.message user (the prompt, when log_user_prompt = true)
//   codex.sse_event response.completed -> job.usage (OpenAI counts cached tokens inside input tokens:
//                                         input_tokens = input_token_count - cached_token_count)
//   codex.api_request with an error    -> job.log error
//   codex.tool_decision                -> job.log (warn when denied or aborted)
//   codex.tool_result                  -> job.tool_call (at its time minus duration_ms) + job.tool_result
// Other codex.* events (streaming deltas, successful requests, websocket traffic) are ignored.
import type { RecordContext } from "./logs";
import { attr, attrBool, attrNum, attrStr, attrTokens, clip, eventId, iso, maybeJson, nameOf } from "./util";

/** Maps one codex.* record; false when it names no conversation. */
export function mapCodexRecord(ctx: RecordContext): boolean {
  const { a, name, index, time, key, mapping } = ctx;
  const short = name.slice("codex.".length);
  const prompt = short === "user_prompt" ? attrStr(a, "prompt") : undefined;
  const model = attrStr(a, "model");
  const job = ctx.sessions.see("codex", a, time, index, { model, title: prompt });
  if (!job) return false;
  const id = (suffix: string) => eventId("codex", job, short, key, suffix);
  const base = { time: iso(time), job };

  switch (short) {
    case "conversation_starts": {
      const facts = ["provider_name", "reasoning_effort", "approval_policy", "sandbox_policy"]
        .map((k) => [k, attrStr(a, k)] as const)
        .filter(([, v]) => v !== undefined);
      mapping.add(index, {
        id: id("log"),
        type: "job.log",
        ...base,
        data: {
          level: "info",
          message: `Codex conversation started${model ? ` with ${model}` : ""}`,
          ...Object.fromEntries(facts),
        },
      });
      return true;
    }
    case "user_prompt":
      mapping.add(index, {
        id: id("message"),
        type: "job.message",
        ...base,
        data: {
          role: "user",
          text: prompt ?? "(prompt not recorded: Codex sends prompts with log_user_prompt = true)",
        },
      });
      return true;
    case "sse_event": {
      const kind = attrStr(a, "event.kind");
      const input = attrTokens(a, "input_token_count");
      if (kind !== "response.completed" || input === undefined) {
        mapping.ignore("Codex streaming events other than response.completed");
        return true;
      }
      const cached = attrTokens(a, "cached_token_count") ?? 0;
      const reasoning = attrTokens(a, "reasoning_token_count");
      mapping.add(index, {
        id: id("usage"),
        type: "job.usage",
        ...base,
        data: {
          model: nameOf(model, "unknown"),
          input_tokens: Math.max(0, input - cached),
          output_tokens: attrTokens(a, "output_token_count") ?? 0,
          cache_read_tokens: cached,
          ...(reasoning !== undefined ? { reasoning_tokens: reasoning } : {}),
        },
      });
      return true;
    }
    case "api_request": {
      const status = attrNum(a, "http.response.status_code", "status_code");
      const error = attrStr(a, "error.message", "error");
      if (!error && (status === undefined || status < 400)) {
        mapping.ignore("successful Codex API requests (usage comes from response.completed)");
        return true;
      }
      mapping.add(index, {
        id: id("log"),
        type: "job.log",
        ...base,
        data: {
          level: "error",
          message: `API error${status !== undefined ? ` ${status}` : ""}: ${error ?? "request failed"}`,
          ...(status !== undefined ? { status_code: status } : {}),
          ...(attrNum(a, "attempt") !== undefined ? { attempt: attrNum(a, "attempt") } : {}),
        },
      });
      return true;
    }
    case "tool_decision": {
      const decision = attrStr(a, "decision") ?? "unknown";
      mapping.add(index, {
        id: id("log"),
        type: "job.log",
        ...base,
        data: {
          level: /denied|abort|reject/i.test(decision) ? "warn" : "info",
          message: `Tool ${attrStr(a, "tool_name") ?? "call"}: ${decision}${attrStr(a, "source") ? ` (${attrStr(a, "source")})` : ""}`,
          decision,
          ...(attrStr(a, "call_id") ? { call_id_ref: attrStr(a, "call_id") } : {}),
        },
      });
      return true;
    }
    case "tool_result": {
      const callId = nameOf(attrStr(a, "call_id"), `otel-${key}`);
      const duration = attrNum(a, "duration_ms");
      const success = attrBool(a, "success") ?? true;
      const input = maybeJson(attr(a, "arguments"));
      const output = attrStr(a, "output");
      mapping.add(index, {
        id: id("call"),
        type: "job.tool_call",
        time: iso(duration !== undefined ? new Date(time.getTime() - Math.max(0, duration)) : time),
        job,
        data: {
          call_id: callId,
          tool: nameOf(attrStr(a, "tool_name"), "unknown"),
          ...(input !== undefined ? { input } : {}),
        },
      });
      mapping.add(index, {
        id: id("result"),
        type: "job.tool_result",
        ...base,
        data: {
          call_id: callId,
          is_error: !success,
          ...(output !== undefined ? { output: clip(output, 1_000_000) } : {}),
          ...(duration !== undefined && duration >= 0 ? { duration_ms: duration } : {}),
        },
      });
      return true;
    }
    default:
      mapping.ignore("other Codex events");
      return true;
  }
}
