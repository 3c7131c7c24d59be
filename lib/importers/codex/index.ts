// Codex importer: session rollouts (~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl, current and older
// formats) and `codex exec --json` streams -> ingest protocol events (docs/ingest.md). Pure functions.
//
// The job id is the Codex session (thread) id, so a re-import or a later live report meets the same job.
// Event ids are `codex:<session>:<line>:<n>` (the session's end: `codex:<session>:<last line>:end`), so a
// re-import changes nothing and a rollout that grew adds only its new facts. See README.md for the mapping.
import { jsonTooDeep, tooDeepReason } from "../lines";
import { Emitter } from "./emit";
import { type Prepared, prescan } from "./prescan";
import { isExecEventType, recordIntents } from "./records";
import { isResponseItemType } from "./response-items";
import type { ImportResult, Skipped } from "./types";
import {
  asName,
  compact,
  fromFileName,
  hash64,
  idPart,
  isObj,
  normalizeTime,
  type Obj,
  obj,
  str,
  uuidV7Time,
} from "./util";

export type { ImportResult, RawEvent, Skipped } from "./types";

const ROLLOUT_TYPES = new Set([
  "session_meta",
  "turn_context",
  "response_item",
  "event_msg",
  "compacted",
  "world_state",
]);

function firstObjects(lines: readonly string[], max: number): Obj[] {
  const out: Obj[] = [];
  for (const line of lines) {
    if (out.length >= max) break;
    // only objects count, so lines that cannot be one (garbage) cost no JSON.parse
    if (!line.trimStart().startsWith("{") || jsonTooDeep(line)) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isObj(v)) out.push(v);
    } catch {
      // not JSON: not decisive
    }
  }
  return out;
}

/** Which Codex format a file is in, from its first records (and, for loosely shaped files, its name). */
export function detectCodex(text: string, fileName: string): "codex-rollout" | "codex-exec-json" | null {
  return detectCodexLines(text.split("\n"), fileName);
}

export function detectCodexLines(
  lines: readonly string[],
  fileName: string,
): "codex-rollout" | "codex-exec-json" | null {
  const recs = firstObjects(lines, 50);
  for (const r of recs) {
    if (typeof r.type === "string" && ROLLOUT_TYPES.has(r.type) && "payload" in r) return "codex-rollout";
    if (isExecEventType(r.type) || (isObj(r.msg) && typeof r.msg.type === "string" && "id" in r))
      return "codex-exec-json";
  }
  // pre-0.3 rollouts: a header {id, timestamp, instructions, git} then bare response items
  const head = recs[0];
  if (
    head &&
    head.type === undefined &&
    typeof head.id === "string" &&
    ("instructions" in head || "git" in head)
  )
    if (recs.slice(1).some((r) => isResponseItemType(r.type) || r.record_type !== undefined))
      return "codex-rollout";
  const base = fileName.split(/[\\/]/).pop() ?? "";
  if (/^rollout-.*\.jsonl$/i.test(base) && recs.length > 0) return "codex-rollout";
  return null;
}

const recordTime = (r: Obj): string | null => normalizeTime(r.timestamp ?? r.created_at ?? r.time ?? r.ts);

function startedData(pre: ReturnType<typeof prescan>): Obj {
  const meta = pre.sessionData ?? {};
  const git = obj(meta.git);
  const spawn = obj(obj(obj(meta.source).subagent).thread_spawn);
  const parent = asName(meta.parent_thread_id ?? spawn.parent_thread_id);
  const repo = str(git.repository_url) ?? str(meta.cwd);
  const branch = str(git.branch);
  return compact({
    title: pre.title,
    harness: "codex",
    harness_version: asName(meta.cli_version ?? meta.version),
    model: pre.firstModel,
    repo: repo && repo.length <= 2000 ? repo : undefined,
    branch: branch && branch.length <= 500 ? branch : undefined,
    parent_job: parent ? idPart(parent) : undefined,
    cwd: str(meta.cwd),
    commit: str(git.commit_hash),
    originator: str(meta.originator),
    source: str(meta.source),
    model_provider: str(meta.model_provider),
  });
}

/** Translates one Codex file into protocol events. Never throws: unreadable lines are reported in `skipped`. */
export function importCodex(text: string, opts: { fileName: string; agent?: string }): ImportResult {
  return importCodexLines(text.split("\n"), opts);
}

/** The same from the file's lines (index i is line i + 1), as lib/importers/lines.ts splits them. */
export function importCodexLines(
  lines: readonly string[],
  opts: { fileName: string; agent?: string },
): ImportResult {
  const format = detectCodexLines(lines, opts.fileName) ?? "unknown";
  const skipped: Skipped[] = [];
  const records: (Prepared & { raw: string })[] = [];
  for (let i = 0; i < lines.length; i++) {
    const rawLine = (lines[i] ?? "").replace(/\r$/, "");
    if (!rawLine.trim()) continue;
    if (jsonTooDeep(rawLine)) {
      skipped.push({ line: i + 1, reason: tooDeepReason });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(rawLine);
    } catch {
      skipped.push({ line: i + 1, reason: "not valid JSON (a truncated last line of a live session?)" });
      continue;
    }
    if (!isObj(value)) {
      skipped.push({ line: i + 1, reason: "not a JSON object" });
      continue;
    }
    try {
      records.push({ line: i + 1, time: recordTime(value), intents: recordIntents(value), raw: rawLine });
    } catch (e) {
      skipped.push({
        line: i + 1,
        reason: `could not be mapped: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  const first = records[0];
  if (!first) return { format, sessionId: null, events: [], skipped };

  const pre = prescan(records);
  const fromName = fromFileName(opts.fileName);
  const sessionId = pre.sessionId ?? fromName.sessionId ?? null;
  // Without a session id (loose files) the job is named after the first record, which a growing file keeps.
  const job = sessionId ? idPart(sessionId) : `codex-${hash64(first.raw.slice(0, 65536))}`;
  const agent = asName(opts.agent) ?? "codex";
  const fallbackTime =
    records.find((r) => r.time)?.time ?? uuidV7Time(sessionId) ?? fromName.time ?? "1970-01-01T00:00:00.000Z";

  // `codex exec resume` writes a second stream for the same thread, numbering its lines from 1 again: ids of
  // a stream also carry a hash of its first records (stable while the stream grows past them).
  const stream =
    format === "codex-exec-json"
      ? `:s${hash64(
          records
            .slice(0, 3)
            .map((r) => r.raw)
            .join("\n"),
        ).slice(0, 10)}`
      : "";
  const out = new Emitter(`codex:${job}${stream}`, job, agent, pre);
  const startLine = pre.sessionLine ?? first.line;
  out.line = startLine;
  out.time = pre.sessionTime ?? records.find((r) => r.line === startLine)?.time ?? fallbackTime;
  out.emit("job.started", startedData(pre));

  let time = fallbackTime;
  for (const r of records) {
    time = r.time ?? time;
    out.line = r.line;
    out.time = time;
    for (const it of r.intents) {
      try {
        out.apply(it);
      } catch (e) {
        skipped.push({
          line: r.line,
          reason: `could not be mapped: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
  }
  out.finish();
  return { format, sessionId, events: out.events, skipped };
}
