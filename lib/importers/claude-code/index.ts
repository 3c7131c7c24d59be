// Claude Code importer: session files, sub-agent files and headless output -> ingest protocol events for
// job = the Claude Code session id (as the live hook in lib/runner-client/claude-code-map.ts reports it),
// harness "claude-code". Pure: the same text and options give the same events with the same ids, so a
// re-import is acknowledged as duplicates and changes nothing. Never throws: bad lines land in `skipped`.
import { detectClaudeCode, detectClaudeCodeLines, wholeDocument } from "./detect";
import { importHeadless } from "./headless";
import { importSession } from "./session";
import type { ImportOptions, ImportResult } from "./types";
import { isObj, type JsonLine, parseJsonLines, parseTime, type Skipped } from "./util";

export type { ClaudeCodeFormat, ImportOptions, ImportResult, RawEvent, Skipped } from "./types";
export { detectClaudeCode, detectClaudeCodeLines };

/** `--output-format json`: one result object, or (with --verbose) an array of every message. */
function wholeJson(text: string): { lines: JsonLine[]; skipped: Skipped[] } {
  const value: unknown = JSON.parse(text);
  const items = Array.isArray(value) ? value : [value];
  const lines: JsonLine[] = [];
  const skipped: Skipped[] = [];
  items.forEach((rec, i) => {
    if (isObj(rec)) lines.push({ line: i + 1, rec });
    else skipped.push({ line: i + 1, reason: "not a JSON object" });
  });
  return { lines, skipped };
}

export function importClaudeCode(text: string, opts: ImportOptions): ImportResult {
  return importClaudeCodeLines(text.split("\n"), opts);
}

/** The same from the file's lines (index i is line i + 1), as lib/importers/lines.ts splits them. */
export function importClaudeCodeLines(raw: readonly string[], opts: ImportOptions): ImportResult {
  const format = detectClaudeCodeLines(raw, opts.fileName);
  try {
    const now = parseTime(opts.time) ?? Date.now();
    switch (format) {
      case "claude-code-headless-json": {
        const { lines, skipped } = wholeJson(wholeDocument(raw) ?? "");
        return importHeadless(lines, skipped, opts, format, now);
      }
      case "claude-code-stream-json": {
        const { lines, skipped } = parseJsonLines(raw);
        return importHeadless(lines, skipped, opts, format, now);
      }
      case "claude-code-session": {
        const { lines, skipped } = parseJsonLines(raw);
        return importSession(lines, skipped, opts, now);
      }
      default:
        if (raw.every((l) => !l.trim()))
          return { format: "claude-code-session", sessionId: null, events: [], skipped: [] };
        return {
          format: "unknown",
          sessionId: null,
          events: [],
          skipped: [
            { line: 0, reason: "not a Claude Code session file, headless json or stream-json output" },
          ],
        };
    }
  } catch (err) {
    // A bug must not take an upload down: report it like an unreadable file.
    return {
      format: format ?? "unknown",
      sessionId: null,
      events: [],
      skipped: [{ line: 0, reason: `import failed: ${(err as Error)?.message ?? String(err)}` }],
    };
  }
}
