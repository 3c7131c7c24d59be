// Rollout `event_msg` records (what the UI showed) and the events of the older `{id, msg}` exec stream.
import { type Intent, raw } from "./intents";
import { SILENT } from "./response-items";
import { itemIntents, toolEventIntents } from "./tools";
import { readTokens } from "./usage";
import { asName, compact, isObj, normalizeTime, nstr, type Obj, obj, str } from "./util";

const errorType = (info: unknown): string | undefined =>
  asName(typeof info === "string" ? info : isObj(info) ? Object.keys(info)[0] : undefined);

function rateLimitSummary(r: Obj): string {
  return ["primary", "secondary"]
    .map((k) => {
      const w = obj(r[k]);
      return typeof w.used_percent === "number"
        ? `${k} ${w.used_percent}% used${typeof w.window_minutes === "number" ? ` of ${w.window_minutes} min window` : ""}`
        : null;
    })
    .filter(Boolean)
    .join(", ");
}

const fullRateLimits = (r: Obj): boolean =>
  ["primary", "secondary"].some((k) => (obj(r[k]).used_percent as number) >= 100) ||
  (r.primary_used_percent as number) >= 100;

export function eventMsg(p: Obj, rec: Obj): Intent[] {
  const type = str(p.type) ?? "";
  const tools = toolEventIntents(type, p, "event");
  if (tools) return tools;
  switch (type) {
    case "user_message":
      return nstr(p.message)
        ? [
            {
              k: "message",
              ch: "event",
              pool: "user",
              role: "user",
              text: p.message as string,
              data: compact({ kind: str(p.kind) }),
              title: true,
            },
          ]
        : [];
    case "agent_message":
      return nstr(p.message)
        ? [
            {
              k: "message",
              ch: "event",
              pool: "assistant",
              role: "assistant",
              text: p.message as string,
              data: {},
            },
          ]
        : [];
    case "agent_reasoning":
      return nstr(p.text)
        ? [{ k: "thinking", ch: "event", text: p.text as string, keys: [p.text as string] }]
        : [];
    case "token_count": {
      const out: Intent[] = [];
      const rl = obj(p.rate_limits);
      if (fullRateLimits(rl))
        out.push({
          k: "log",
          level: "warn",
          message: `Rate limit reached: ${rateLimitSummary(rl)}`,
          data: { rate_limits: rl },
          once: `rate-limit:${JSON.stringify(rl)}`, // every token_count repeats the snapshot
        });
      if (!("info" in p))
        out.push({ k: "usage", src: "last", tokens: readTokens(p) }); // old per-response counts
      else if (!isObj(p.info)) out.push({ k: "usage", src: "total", tokens: null });
      else if (isObj(p.info.total_token_usage))
        out.push({ k: "usage", src: "total", tokens: readTokens(p.info.total_token_usage) });
      else if (isObj(p.info.last_token_usage))
        out.push({ k: "usage", src: "last", tokens: readTokens(p.info.last_token_usage) });
      else out.push({ k: "usage", src: "total", tokens: readTokens(p.info) });
      return out;
    }
    case "turn.completed": // legacy rollouts: cumulative usage
      return [
        { k: "usage", src: "turn", tokens: readTokens(p.usage) },
        { k: "turn", state: "end" },
      ];
    case "task_started":
    case "turn_started":
      return [{ k: "turn", state: "start" }];
    case "task_complete":
    case "turn_complete": {
      const err = obj(p.error);
      const out: Intent[] = [];
      if (nstr(err.message))
        out.push({
          k: "error",
          type: errorType(err.codex_error_info) ?? "turn_error",
          message: err.message as string,
          data: { error: err },
        });
      out.push({ k: "turn", state: "end" });
      return out;
    }
    case "turn_aborted": {
      const reason = str(p.reason) ?? "aborted";
      return [
        { k: "log", level: "warn", message: `Turn aborted: ${reason}` },
        { k: "turn", state: "abort", reason },
      ];
    }
    case "error": {
      const err = obj(p.error);
      const message = nstr(err.message) ?? nstr(p.message) ?? JSON.stringify(p);
      const type =
        asName(err.kind) ??
        asName(p.kind) ??
        errorType(p.codex_error_info ?? err.codex_error_info) ??
        "error";
      const data = compact({ reset_at: err.resetAt ?? err.reset_at, codex_error_info: p.codex_error_info });
      return [{ k: "error", type, message, data }];
    }
    case "stream_error":
    case "warning":
      return [
        { k: "log", level: "warn", message: str(p.message) ?? type, data: compact({ codex_type: type }) },
      ];
    case "background_event":
    case "deprecation_notice":
      return [{ k: "log", level: "info", message: str(p.message) ?? str(p.summary) ?? type }];
    case "entered_review_mode":
      return [
        {
          k: "log",
          level: "info",
          message: `Entered review mode${isObj(p.target) ? `: ${str(p.target.type)}` : ""}`,
          data: compact({ target: p.target }),
        },
      ];
    case "exited_review_mode": {
      const out = obj(p.review_output);
      const n = Array.isArray(out.findings) ? out.findings.length : 0;
      return [
        {
          k: "log",
          level: "info",
          message: `Exited review mode: ${n} finding${n === 1 ? "" : "s"}`,
          data: { review_output: out },
        },
      ];
    }
    case "thread_name_updated":
      return [{ k: "log", level: "info", message: `Thread renamed: ${str(p.thread_name) ?? ""}` }];
    case "undo_completed":
      return [
        {
          k: "log",
          level: p.success === false ? "warn" : "info",
          message: `Undo ${p.success === false ? "failed" : "completed"}${nstr(p.message) ? `: ${p.message}` : ""}`,
        },
      ];
    case "thread_settings_applied": {
      const model = asName(obj(p.thread_settings).model);
      return model ? [{ k: "model", model }] : [];
    }
    case "session_configured":
      return sessionIntents(p, asName(p.session_id ?? p.id), p.model);
    case "item_completed":
      return itemIntents(p.item, "completed", "item");
  }
  if (/rate_?limits?/i.test(type) && isObj(p.rate_limits))
    return [
      {
        k: "log",
        level: "warn",
        message: `Rate limits: ${rateLimitSummary(p.rate_limits)}`,
        data: { rate_limits: p.rate_limits },
      },
    ];
  if (SILENT.has(type)) return [];
  return [raw(`event ${type || "(no type)"}`, rec)];
}

export function sessionIntents(p: Obj, id: string | undefined, model: unknown): Intent[] {
  const out: Intent[] = [{ k: "session", id, time: normalizeTime(p.timestamp) ?? undefined, data: p }];
  const m = asName(model);
  if (m) out.push({ k: "model", model: m });
  return out;
}
