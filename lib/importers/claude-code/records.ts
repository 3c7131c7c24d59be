// One Claude Code record -> events. Messages go to the MessageConverter; summaries, compaction, API errors,
// hooks and other system records become job.log; every record type not known here is kept whole as a debug
// job.log with data.raw, so an import never loses (or chokes on) what a newer Claude Code writes.
import type { MessageConverter, RecCtx } from "./messages";
import { clipText, isObj, type Json, name, num, str } from "./util";

type Level = "debug" | "info" | "warn" | "error";

/** Transient UI state with nothing for a transcript: dropped. */
const DROPPED = new Set(["progress", "file-history-snapshot", "queue-operation"]);
/** Session metadata: kept as debug logs (the title ones also name the job, see session.ts). */
const META = new Set([
  "permission-mode",
  "mode",
  "agent-name",
  "custom-title",
  "ai-title",
  "last-prompt",
  "tag",
  "worktree-state",
  "relocated",
  "bridge-session",
  "frame-link",
  "pr-link",
]);

function levelOf(v: unknown, fallback: Level): Level {
  const s = typeof v === "string" ? v.toLowerCase() : "";
  if (s === "error" || s === "fatal") return "error";
  if (s === "warning" || s === "warn") return "warn";
  if (s === "info" || s === "suggestion" || s === "notice") return "info";
  if (s === "debug") return "debug";
  return fallback;
}

/** The readable message of Claude Code's error objects, however deeply the API error is nested. */
function errorMessage(err: unknown, depth = 0): string | undefined {
  if (typeof err === "string") return err || undefined;
  if (!isObj(err) || depth > 3) return undefined;
  return str(err.message) ?? errorMessage(err.error, depth + 1);
}

function promptText(prompt: unknown): string | undefined {
  if (typeof prompt === "string") return prompt;
  if (!Array.isArray(prompt)) return undefined;
  const texts = prompt.filter((b) => isObj(b) && typeof b.text === "string").map((b) => (b as Json).text);
  return texts.length ? texts.join("\n") : undefined;
}

export function mapRecord(conv: MessageConverter, ctx: RecCtx): void {
  const rec = ctx.rec;
  const type = str(rec.type) ?? "";
  const log = (level: Level, kind: string, message: string, extra: Json = {}) =>
    conv.em.emit(
      "job.log",
      [ctx.key, "log"],
      ctx.time,
      { level, message: clipText(message), kind, ...extra },
      ctx.branch,
    );
  const raw = (why: string) => log("debug", "raw", why, { record_type: type || undefined, raw: rec });

  switch (type) {
    case "user":
    case "assistant": {
      const n = isObj(rec.message) ? conv.message(type, rec.message, ctx) : 0;
      if (n === 0) raw(`Claude Code ${type} record without readable content`);
      return;
    }
    case "summary":
      log("info", "summary", str(rec.summary) ?? "Session summary", { leaf_uuid: name(rec.leafUuid) });
      return;
    case "system":
      system(ctx, log);
      return;
    case "attachment":
      attachment(rec, log);
      return;
    // Older schema: tool calls and results as records of their own.
    case "tool_use":
      conv.call(ctx, 0, rec, name(rec.id) ?? name(rec.tool_use_id), [ctx.key, "call"]);
      return;
    case "tool_result":
      conv.result(ctx, 0, rec, rec.toolUseResult, [ctx.key, "result"]);
      return;
  }
  if (DROPPED.has(type)) return;
  if (type === "pr-link") {
    const url = str(rec.prUrl);
    log("info", "pr", `Pull request ${url ?? `#${rec.prNumber ?? "?"}`}`, { url, raw: rec });
  } else if (META.has(type)) {
    log("debug", "meta", `Claude Code ${type}`, { record_type: type, raw: rec });
  } else {
    raw(type ? `Claude Code record "${type}"` : "Claude Code record without a type");
  }
}

type Log = (level: Level, kind: string, message: string, extra?: Json) => void;

function system(ctx: RecCtx, log: Log) {
  const rec = ctx.rec;
  const sub = str(rec.subtype) ?? "system";
  const content = str(rec.content);
  const err = rec.error;
  switch (sub) {
    case "compact_boundary":
    case "microcompact_boundary": {
      const meta = [rec.compactMetadata, rec.compact_metadata, rec.microcompactMetadata].find(isObj) ?? {};
      const trigger = str(meta.trigger) ?? str(rec.trigger);
      const pre = num(meta.preTokens) ?? num(meta.pre_tokens);
      const message = `Conversation compacted${trigger ? ` (${trigger})` : ""}${pre !== undefined ? `, ${pre} tokens before` : ""}`;
      log("info", "compaction", message, { subtype: sub, trigger, pre_tokens: pre, compact_metadata: meta });
      return;
    }
    case "api_error": {
      const e = isObj(err) ? err : {};
      const status = num(e.status);
      const attempt = num(rec.retryAttempt);
      const max = num(rec.maxRetries);
      const retry = attempt !== undefined && max ? ` (retry ${attempt}/${max})` : "";
      const detail = errorMessage(err);
      log(
        "warn",
        "api_error",
        `API error${status ? ` ${status}` : ""}${detail ? `: ${detail}` : ""}${retry}`,
        {
          error: err,
          retry_attempt: attempt,
          max_retries: max,
          retry_in_ms: num(rec.retryInMs),
        },
      );
      return;
    }
    case "error":
      log("error", "error", errorMessage(err) ?? content ?? "Claude Code error", { error: err });
      return;
    case "api_refusal":
    case "model_refusal_fallback":
      log("warn", sub, str(rec.apiRefusalExplanation) ?? content ?? `Claude Code ${sub}`, { raw: rec });
      return;
    case "turn_duration": {
      const ms = num(rec.durationMs);
      log("debug", sub, `Turn took ${ms ?? "?"} ms`, {
        duration_ms: ms !== undefined && ms >= 0 ? ms : undefined,
      });
      return;
    }
    case "stop_hook_summary": {
      const errors = Array.isArray(rec.hookErrors) ? rec.hookErrors : [];
      log(errors.length ? "warn" : "debug", sub, `Stop hooks ran (${num(rec.hookCount) ?? "?"})`, {
        raw: rec,
      });
      return;
    }
    default:
      log(
        levelOf(rec.level, content ? "info" : "debug"),
        sub,
        content ?? `Claude Code system record "${sub}"`,
        {
          raw: rec,
        },
      );
  }
}

function attachment(rec: Json, log: Log) {
  const a = isObj(rec.attachment) ? rec.attachment : {};
  const at = str(a.type) ?? "unknown";
  const extra = { attachment_type: at, raw: a };
  if (at.startsWith("hook_") && at.includes("error")) {
    const detail =
      errorMessage(isObj(a.blockingError) ? a.blockingError.blockingError : undefined) ?? str(a.stderr);
    log("warn", "attachment", `Hook ${str(a.hookName) ?? "?"} failed${detail ? `: ${detail}` : ""}`, extra);
  } else if (at === "queued_command") {
    log("info", "attachment", `Queued prompt: ${promptText(a.prompt) ?? ""}`.trim(), extra);
  } else {
    log("debug", "attachment", `Attachment ${at}`, extra);
  }
}
