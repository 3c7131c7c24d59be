// A Claude Code session file (~/.claude/projects/<project>/<session>.jsonl) or one of its sub-agent files
// -> protocol events for job = the session id.
//
// Lifecycle: a session file gives job.started at its first record and, at its last record, job.completed
// (summary: the last assistant text) or job.failed when the session's last assistant message is an API
// error (as the live hook's StopFailure). A session file has no end marker, so a still-running session is
// reported as completed at its last record; importing it again later adds a new terminal event at the new
// last record (its id names that record), and the latest terminal event decides the job's outcome. A
// sub-agent file gives no lifecycle events: its records are one branch of the parent session's job.
import { Emitter } from "./emitter";
import { MessageConverter } from "./messages";
import { mapRecord } from "./records";
import { type PlannedRecord, planSession, promptOf } from "./session-plan";
import type { ImportOptions, ImportResult } from "./types";
import {
  baseName,
  clipText,
  isObj,
  type Json,
  type JsonLine,
  name,
  oneLine,
  type Skipped,
  str,
} from "./util";

export const HARNESS = "claude-code";
const TITLE_CHARS = 120;
const SUMMARY_CHARS = 1000;

/** A title from a prompt: slash commands as "/name args"; Claude Code's own wrappers give none. */
function titleOf(prompt: string): string | undefined {
  const command = /<command-name>([^<]*)<\/command-name>/.exec(prompt)?.[1]?.trim();
  if (command) {
    const args = /<command-args>([^<]*)<\/command-args>/.exec(prompt)?.[1]?.trim();
    return args ? `${command} ${args}` : command;
  }
  if (/^\s*(Caveat:|<local-command-|<system-reminder>|<command-message>)/.test(prompt)) return undefined;
  return prompt.trim() || undefined;
}

function textOf(rec: Json): string | undefined {
  const c = isObj(rec.message) ? rec.message.content : undefined;
  if (typeof c === "string") return c.trim() || undefined;
  if (!Array.isArray(c)) return undefined;
  const texts = c
    .filter((b) => isObj(b) && b.type === "text" && typeof b.text === "string")
    .map((b) => b.text);
  return texts.join("\n").trim() || undefined;
}

function startData(records: PlannedRecord[], fileName: string): Json {
  const recs = records.map((r) => r.rec);
  const main = records.filter((r) => !r.branch).map((r) => r.rec);
  const first = (pick: (rec: Json) => string | undefined, from = recs) => from.map(pick).find(Boolean);
  const lastOf = (type: string, field: string) =>
    recs
      .filter((r) => r.type === type)
      .map((r) => str(r[field]))
      .filter(Boolean)
      .pop();
  const modelOf = (r: Json) => {
    const m = r.type === "assistant" && isObj(r.message) ? name(r.message.model) : undefined;
    return m === "<synthetic>" ? undefined : m;
  };
  const uuids = new Set(recs.map((r) => name(r.uuid)).filter(Boolean));
  const summaries = recs.filter((r) => r.type === "summary" && str(r.summary));
  const title =
    lastOf("custom-title", "customTitle") ??
    lastOf("ai-title", "aiTitle") ??
    str(summaries.find((r) => uuids.has(name(r.leafUuid)))?.summary) ??
    first((r) => {
      const p = r.isMeta === true || r.isCompactSummary === true ? undefined : promptOf(r);
      return p ? titleOf(p) : undefined;
    }, main) ??
    str(summaries[0]?.summary);
  const cwd = first((r) => str(r.cwd));
  return {
    harness: HARNESS,
    harness_version: first((r) => name(r.version)),
    model: first(modelOf, main) ?? first(modelOf),
    title: title ? oneLine(title, TITLE_CHARS) : undefined,
    repo: cwd?.slice(0, 2000),
    branch: first((r) => str(r.gitBranch))?.slice(0, 500),
    cwd,
    imported_from: baseName(fileName),
  };
}

function terminal(records: PlannedRecord[]): { type: "job.completed" | "job.failed"; data: Json } {
  const main = records.filter((r) => !r.branch).map((r) => r.rec);
  const assistants = main.filter((r) => r.type === "assistant");
  const lastText = assistants.map(textOf).filter(Boolean).pop();
  const last = assistants[assistants.length - 1];
  if (last?.isApiErrorMessage === true) {
    const type = name(last.error) ?? "api_error";
    return {
      type: "job.failed",
      data: { error: { type, message: clipText(textOf(last) ?? `Claude Code ${type}`) } },
    };
  }
  const artifacts = main
    .filter((r) => r.type === "pr-link" && str(r.prUrl))
    .map((r) => ({
      kind: "pr" as const,
      url: str(r.prUrl)?.slice(0, 4000),
      title: str(r.prRepository) && r.prNumber !== undefined ? `${r.prRepository}#${r.prNumber}` : undefined,
    }));
  return {
    type: "job.completed",
    data: {
      summary: lastText ? clipText(lastText, SUMMARY_CHARS) : undefined,
      artifacts: artifacts.length ? artifacts : undefined,
    },
  };
}

export function importSession(
  lines: JsonLine[],
  skipped: Skipped[],
  opts: ImportOptions,
  fallbackTime: number,
): ImportResult {
  const plan = planSession(lines, opts, fallbackTime);
  const em = new Emitter(plan.sessionId, plan.scope, opts.agent ?? HARNESS);
  const conv = new MessageConverter(em, plan.assigned);
  const { records } = plan;
  const first = records[0];
  const last = records[records.length - 1];
  if (first && !plan.isBranchFile) {
    em.emit("job.started", [first.key, "started"], first.time, startData(records, opts.fileName));
  }
  records.forEach((r, i) => {
    const ctx = { key: r.key, time: r.time, rec: r.rec, branch: r.branch };
    mapRecord(conv, ctx);
    const usage = plan.usage.get(i);
    if (usage) conv.usage(ctx, usage);
  });
  if (last && !plan.isBranchFile) {
    const end = terminal(records);
    em.emit(end.type, [last.key, end.type === "job.failed" ? "failed" : "completed"], last.time, end.data);
  }
  return { format: "claude-code-session", sessionId: plan.sessionId, events: em.events, skipped };
}
