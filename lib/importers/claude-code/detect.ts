// Tells Claude Code's formats apart from each other and from other harnesses' logs by their records' shape:
// session files use camelCase (sessionId, uuid, parentUuid, leafUuid), headless output snake_case
// (session_id) with system/assistant/user/result messages.

import { jsonTooDeep } from "../lines";
import type { ClaudeCodeFormat } from "./types";
import { baseName, isObj, isUuid, type Json } from "./util";

const SCAN_LINES = 200;
const HEADLESS_TYPES = new Set(["system", "assistant", "user", "result", "stream_event"]);

const isSessionRecord = (r: Json) =>
  typeof r.type === "string" &&
  (typeof r.sessionId === "string" ||
    (r.type === "summary" && typeof r.leafUuid === "string") ||
    (r.type === "file-history-snapshot" && isObj(r.snapshot)) ||
    ((r.type === "user" || r.type === "assistant") && "parentUuid" in r && isObj(r.message)));

const isHeadlessMessage = (r: Json) =>
  typeof r.type === "string" && HEADLESS_TYPES.has(r.type) && typeof r.session_id === "string";

const isResult = (r: Json) =>
  r.type === "result" &&
  typeof r.sessionId !== "string" &&
  (typeof r.session_id === "string" || "total_cost_usd" in r || "num_turns" in r || "is_error" in r);

function parseWhole(text: string): unknown {
  if (jsonTooDeep(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The file as one JSON document (`--output-format json`, maybe pretty-printed), or null when it is JSON
 * Lines: a single non-blank line, or lines whose first does not parse on its own. A first line that parses
 * alone followed by more lines can never be one document, so a JSONL file is never joined into one string.
 */
export function wholeDocument(lines: readonly string[]): string | null {
  const at = lines.findIndex((l) => l.trim() !== "");
  const first = lines[at]?.trim();
  if (first === undefined || !(first.startsWith("[") || first.startsWith("{"))) return null;
  if (!lines.some((l, i) => i > at && l.trim() !== "")) return first;
  return parseWhole(first) === undefined ? lines.join("\n").trim() : null;
}

export function detectClaudeCode(text: string, fileName: string): ClaudeCodeFormat | null {
  return detectClaudeCodeLines(text.split("\n"), fileName);
}

export function detectClaudeCodeLines(lines: readonly string[], fileName: string): ClaudeCodeFormat | null {
  const doc = wholeDocument(lines);
  if (doc !== null) {
    const whole = parseWhole(doc);
    if (isObj(whole) && isResult(whole)) return "claude-code-headless-json";
    if (Array.isArray(whole)) {
      const objects = whole.filter(isObj);
      const headless = objects.some((o) => isResult(o) || (o.type === "system" && o.subtype === "init"));
      return headless && objects.some(isHeadlessMessage) ? "claude-code-headless-json" : null;
    }
  }
  let session = 0;
  let headless = 0;
  let messages = 0;
  let scanned = -1; // the first SCAN_LINES lines from the first non-blank one
  for (const line of lines) {
    const t = line.trim();
    if (scanned === -1 && !t) continue;
    if (++scanned >= SCAN_LINES) break;
    if (!t.startsWith("{")) continue;
    const rec = parseWhole(t);
    if (!isObj(rec)) continue;
    if (isSessionRecord(rec)) session++;
    else if (isHeadlessMessage(rec) || isResult(rec)) headless++;
    else if ((rec.type === "user" || rec.type === "assistant") && isObj(rec.message)) messages++;
  }
  if (session > 0 && session >= headless) return "claude-code-session";
  if (headless > 0) return "claude-code-stream-json";
  // Messages without the usual markers, in a file named as Claude Code names them: <session uuid>.jsonl,
  // agent-<id>.jsonl.
  const stem = baseName(fileName);
  const named = /\.jsonl$/i.test(fileName) && (isUuid(stem) || /^agent-[\w-]+$/.test(stem));
  return named && messages > 0 ? "claude-code-session" : null;
}
