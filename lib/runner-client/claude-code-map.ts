// Claude Code hook input (JSON on stdin) -> Fleetwatch events. Pure: the caller supplies the context.
// Field names follow Claude Code's hooks reference; every field is treated as optional.
import { sha256Hex, stableEventId } from "./ids";
import { sliceUnits } from "./text";
import type { ClientEvent } from "./types";

export type HookInput = Record<string, unknown>;

/** The error of a turn that ended in StopFailure, kept until the session ends (see claude-code-hook.ts). */
export type FailedTurn = { type?: string; message: string };

export type HookContext = {
  agent: string;
  host: string;
  harnessVersion?: string;
  title?: string;
  trigger?: string;
  labels?: Record<string, string>;
  git?: { repo?: string; branch?: string };
  /** Size of the transcript file when the hook ran: tells apart two identical prompts of one session. */
  transcriptSize?: number | null;
  /** The session's last turn failed (StopFailure) and no turn succeeded since. */
  previousFailure?: FailedTurn | null;
  /** Larger tool inputs/outputs and texts are truncated to this many characters. */
  maxFieldChars?: number;
  now?: Date;
};

export type HookMapping = {
  events: ClientEvent[];
  /** What to remember about the session for later hooks. */
  state?: { kind: "failed"; failure: FailedTurn } | { kind: "clear" } | { kind: "end" };
};

export const HARNESS = "claude-code";
const DEFAULT_MAX_FIELD_CHARS = 100_000;
const RETRYABLE_ERRORS = new Set(["rate_limit", "server_error", "overloaded_error", "api_error"]);
const WAITING_NOTIFICATIONS = new Set(["permission_prompt", "elicitation_dialog"]);

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = sliceUnits(text, max);
  return `${kept}… [truncated ${text.length - kept.length} characters]`;
}

/** Keeps small values as they are; replaces a large one by a preview of its JSON. */
export function clip(value: unknown, max: number): unknown {
  if (typeof value === "string") return clipText(value, max);
  if (value === undefined) return undefined;
  let json: string;
  try {
    json = JSON.stringify(value) ?? "";
  } catch {
    return String(value);
  }
  return json.length <= max ? value : { truncated: true, chars: json.length, preview: sliceUnits(json, max) };
}

/** `error` may be a string ("rate_limit"), an object ({type, message}), or absent with error_* fields beside it. */
function failureOf(input: HookInput): FailedTurn {
  const raw = input.error;
  const obj = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const type = str(input.error_type) ?? str(obj.type) ?? str(raw);
  const message =
    str(input.error_details) ??
    str(input.error_message) ??
    str(obj.message) ??
    str(raw) ??
    str(input.last_assistant_message) ??
    "Claude Code stopped on an API error";
  return type ? { type: sliceUnits(type, 200), message } : { message };
}

export function mapHookInput(input: HookInput, ctx: HookContext): HookMapping {
  const session = str(input.session_id);
  const hook = str(input.hook_event_name);
  if (!session || !hook) return { events: [] };
  const max = ctx.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
  const time = ctx.now ?? new Date();
  const toolUseId = str(input.tool_use_id);
  // Deterministic ids: the same hook input gives the same ids, so a re-run hook is acknowledged as duplicate.
  const key = toolUseId
    ? `${hook}:${toolUseId}`
    : `${hook}:${sha256Hex(JSON.stringify(input), String(ctx.transcriptSize ?? "-")).slice(0, 20)}`;
  const id = (suffix: string) => stableEventId("cc", session, key, suffix);
  const job = session;
  const subagent = str(input.agent_id)
    ? { subagent_id: str(input.agent_id), subagent_type: str(input.agent_type) }
    : {};
  const heartbeat = (status: "idle" | "busy" | "waiting", withJob = true): ClientEvent => ({
    id: id(`heartbeat-${status}`),
    type: "agent.heartbeat",
    time,
    agent: ctx.agent,
    data: {
      status,
      ...(withJob ? { job } : {}),
      host: ctx.host,
      ...(ctx.harnessVersion ? { version: ctx.harnessVersion } : {}),
    },
  });
  const log = (level: "info" | "warn" | "error", message: string, extra: Record<string, unknown> = {}) =>
    ({ id: id("log"), type: "job.log", time, job, data: { level, message, ...extra } }) satisfies ClientEvent;

  switch (hook) {
    case "SessionStart": {
      const cwd = str(input.cwd);
      const source = str(input.source);
      const title =
        ctx.title ?? (cwd ? `Claude Code in ${cwd.split(/[\\/]/).filter(Boolean).pop() ?? cwd}` : undefined);
      const started: ClientEvent = {
        id: id("started"),
        type: "job.started",
        time,
        job,
        agent: ctx.agent,
        data: {
          harness: HARNESS,
          ...(ctx.harnessVersion ? { harness_version: ctx.harnessVersion } : {}),
          ...(str(input.model) ? { model: str(input.model) } : {}),
          ...(title ? { title: clipText(title, 500) } : {}),
          ...(ctx.trigger ? { trigger: ctx.trigger } : {}),
          ...(ctx.git?.repo ? { repo: ctx.git.repo } : {}),
          ...(ctx.git?.branch ? { branch: ctx.git.branch } : {}),
          ...(ctx.labels && Object.keys(ctx.labels).length > 0 ? { labels: ctx.labels } : {}),
          ...(source ? { source } : {}),
          ...(cwd ? { cwd } : {}),
          ...(str(input.permission_mode) ? { permission_mode: str(input.permission_mode) } : {}),
        },
      };
      return { events: [started, heartbeat("idle")] };
    }
    case "UserPromptSubmit": {
      const text = typeof input.prompt === "string" ? clipText(input.prompt, max) : "";
      return {
        events: [
          { id: id("message"), type: "job.message", time, job, data: { role: "user", text } },
          heartbeat("busy"),
        ],
        state: { kind: "clear" },
      };
    }
    case "PreToolUse":
      return {
        events: [
          {
            id: id("call"),
            type: "job.tool_call",
            time,
            job,
            data: {
              call_id: toolUseId ?? key,
              tool: str(input.tool_name) ?? "unknown",
              input: clip(input.tool_input, max),
              ...subagent,
            },
          },
        ],
      };
    case "PostToolUse":
    case "PostToolUseFailure": {
      const failed = hook === "PostToolUseFailure";
      const output = failed ? (input.error ?? input.tool_response) : input.tool_response;
      return {
        events: [
          {
            id: id("result"),
            type: "job.tool_result",
            time,
            job,
            data: {
              call_id: toolUseId ?? key,
              ...(output !== undefined ? { output: clip(output, max) } : {}),
              is_error: failed,
              ...(failed && typeof input.is_interrupt === "boolean"
                ? { is_interrupt: input.is_interrupt }
                : {}),
              ...(str(input.tool_name) ? { tool: str(input.tool_name) } : {}),
              ...subagent,
            },
          },
        ],
      };
    }
    case "Notification": {
      const kind = str(input.notification_type);
      const message =
        str(input.message) ?? str(input.notification) ?? str(input.title) ?? "Claude Code notification";
      const waiting = kind ? WAITING_NOTIFICATIONS.has(kind) : /permission/i.test(message);
      const events: ClientEvent[] = [
        log(waiting ? "warn" : "info", clipText(message, max), {
          ...(kind ? { notification_type: kind } : {}),
          ...(str(input.title) ? { title: str(input.title) } : {}),
        }),
      ];
      if (waiting) events.push(heartbeat("waiting"));
      return { events };
    }
    case "Stop": {
      // A session goes on after Stop (the next prompt): the agent is idle, the job stays open.
      const last = str(input.last_assistant_message);
      const events: ClientEvent[] = [];
      if (last) {
        events.push({
          id: id("message"),
          type: "job.message",
          time,
          job,
          data: { role: "assistant", text: clipText(last, max) },
        });
      }
      events.push(
        log("info", "Claude finished its turn", { stop_hook_active: input.stop_hook_active === true }),
      );
      events.push(heartbeat("idle"));
      return { events, state: { kind: "clear" } };
    }
    case "SubagentStop": {
      const type = str(input.agent_type);
      const last = str(input.last_assistant_message);
      return {
        events: [
          log("info", `Subagent ${type ?? str(input.agent_id) ?? ""} finished`.replace(/\s+/g, " "), {
            ...subagent,
            ...(last ? { last_message: clipText(last, max) } : {}),
          }),
        ],
      };
    }
    case "StopFailure": {
      const failure = failureOf(input);
      const retryable = failure.type ? RETRYABLE_ERRORS.has(failure.type) : undefined;
      const failed: ClientEvent = {
        id: id("failed"),
        type: "job.failed",
        time,
        job,
        data: {
          error: { ...(failure.type ? { type: failure.type } : {}), message: clipText(failure.message, max) },
          ...(retryable !== undefined ? { retryable } : {}),
        },
      };
      return { events: [failed, heartbeat("idle")], state: { kind: "failed", failure } };
    }
    case "SessionEnd": {
      const reason = str(input.reason) ?? "other";
      const end: ClientEvent = ctx.previousFailure
        ? {
            id: id("failed"),
            type: "job.failed",
            time,
            job,
            data: {
              error: {
                ...(ctx.previousFailure.type ? { type: ctx.previousFailure.type } : {}),
                message: clipText(ctx.previousFailure.message, max),
              },
              reason,
            },
          }
        : {
            id: id("completed"),
            type: "job.completed",
            time,
            job,
            data: { summary: `Session ended (${reason})`, reason },
          };
      return { events: [end, heartbeat("idle", false)], state: { kind: "end" } };
    }
    default:
      // PreCompact, SubagentStart, PermissionRequest, ...: kept as a debug trace of the session.
      return {
        events: [
          {
            id: id("log"),
            type: "job.log",
            time,
            job,
            data: { level: "debug", message: `Claude Code hook ${hook}` },
          },
        ],
      };
  }
}
