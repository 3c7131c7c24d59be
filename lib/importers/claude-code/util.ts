// Small pure helpers of the Claude Code importer: lenient field access, protocol-safe strings, times, ids.
// No Node built-ins, so the importer also runs in a browser (e.g. to preview an upload).
import { sliceUnits } from "@/lib/runner-client/text";

import { jsonTooDeep, tooDeepReason } from "../lines";

export type Json = Record<string, unknown>;
export type Skipped = { line: number; reason: string };
export type JsonLine = { line: number; rec: Json };

export const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** A non-empty string, else undefined. */
export const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.length > 0 ? v : undefined;
export const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;
/** A token count as the protocol wants it: a non-negative integer (missing or odd values count 0). */
export const count = (v: unknown): number => {
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : num(v);
  return n !== undefined && n > 0 ? Math.round(n) : 0;
};

/** The protocol's text fields hold at most 1,000,000 characters. */
const MAX_TEXT = 1_000_000;
/** Names (ids, models, tools) hold 1 to 200 characters, without NUL. */
const MAX_NAME = 200;

export function clipText(s: string, max = MAX_TEXT - 100): string {
  if (s.length <= max) return s;
  const kept = sliceUnits(s, max); // never half an emoji
  return `${kept}… [truncated ${s.length - kept.length} characters]`;
}

/** A protocol name from any value: undefined when empty, NUL removed, cut to 200 characters. */
export function name(v: unknown): string | undefined {
  const s = str(v)?.replace(/\0/g, "");
  return s ? sliceUnits(s, MAX_NAME) : undefined;
}

/** Whitespace collapsed, cut to `max` characters with an ellipsis: for titles and summaries. */
export function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length <= max ? t : `${sliceUnits(t, max - 1).trimEnd()}…`;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds of an RFC 3339 timestamp; one without an offset is read as UTC. Undefined when invalid. */
export function parseTime(v: unknown): number | undefined {
  if (typeof v !== "string" || !ISO.test(v.trim())) return undefined;
  const s = v.trim();
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`);
  // toISOString() of years outside 0..9999 is not RFC 3339.
  return Number.isFinite(ms) && ms >= Date.UTC(1, 0, 1) && ms < Date.UTC(10000, 0, 1) ? ms : undefined;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** cyrb53: a fast 53-bit string hash. Two seeds give the ~106 bits used for long ids. */
function cyrb53(s: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

/**
 * A deterministic event id from its parts: `cc:<part>:<part>...` when short and plain enough (readable,
 * like the live hook's ids), else `cc-<hash of the parts>`; always within the protocol's 200 characters.
 */
export function eventId(parts: string[]): string {
  const readable = ["cc", ...parts].join(":");
  if (readable.length <= MAX_NAME && /^[\w.:@/+=#-]+$/.test(readable)) return readable;
  const joined = parts.join("\u0001");
  return `cc-${cyrb53(joined, 1)}${cyrb53(joined, 2)}`;
}

/** JSON Lines: every non-blank line parsed on its own; bad lines are reported, never thrown. */
export function parseJsonLines(raw: readonly string[]): { lines: JsonLine[]; skipped: Skipped[] } {
  const lines: JsonLine[] = [];
  const skipped: Skipped[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = (raw[i] ?? "").trim();
    if (!t) continue;
    if (jsonTooDeep(t)) {
      skipped.push({ line: i + 1, reason: tooDeepReason });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (err) {
      skipped.push({ line: i + 1, reason: `invalid JSON: ${(err as Error).message}`.slice(0, 300) });
      continue;
    }
    if (isObj(value)) lines.push({ line: i + 1, rec: value });
    else
      skipped.push({
        line: i + 1,
        reason: `not a JSON object (${Array.isArray(value) ? "array" : typeof value})`,
      });
  }
  return { lines, skipped };
}

/** The last path segment without `.jsonl`/`.json`: Claude Code names session files after the session. */
export function baseName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.jsonl?$/i, "");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** Image and document payloads (base64) are not kept: a transcript needs to know they were there. */
export function slimBlock(block: unknown): unknown {
  if (!isObj(block) || !isObj(block.source)) return block;
  const data = block.source.data;
  if (typeof data !== "string" || data.length <= 1024) return block;
  const source = Object.fromEntries(Object.entries(block.source).filter(([k]) => k !== "data"));
  return { ...block, source: { ...source, omitted_chars: data.length } };
}
