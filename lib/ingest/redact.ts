// Sanitizing ingest events before storage: secrets never land in the database, and oversized tool outputs
// are cut at a documented limit with a marker that keeps the original size. Pure: no I/O, inputs untouched.
import type { IngestEvent } from "./protocol";
import {
  looksLikeSecretValue,
  MARKER_PATTERN,
  REDACTION_RULES,
  redactionMarker,
  SECRET_FIELD_PATTERN,
} from "./redact-rules";

export {
  MARKER_PATTERN,
  REDACTION_KINDS,
  REDACTION_RULES,
  type RedactionKind,
  type RedactionRule,
  redactionMarker,
} from "./redact-rules";

/** Redactions per kind (kinds with no redaction are absent). */
export type RedactionCounts = Record<string, number>;

const MARKERS = new RegExp(MARKER_PATTERN.source, "g");

function addCounts(into: RedactionCounts, from: RedactionCounts): void {
  for (const [kind, n] of Object.entries(from)) into[kind] = (into[kind] ?? 0) + n;
}

/** Replaces every secret in `text` with `[REDACTED:<kind>]`. Idempotent: markers are never matched again. */
export function redactText(text: string): { text: string; count: number; kinds: RedactionCounts } {
  const kinds: RedactionCounts = {};
  let count = 0;
  let out = text;
  for (const rule of REDACTION_RULES) {
    if (!rule.hint.test(out)) continue;
    // Markers already in the text are never rewritten, even partly (a marker contains ':' and '_').
    const markers = out.includes("[REDACTED:")
      ? Array.from(out.matchAll(MARKERS), (m) => [m.index, m.index + m[0].length] as const)
      : [];
    let next = 0;
    out = out.replace(rule.pattern, (match: string, ...args: unknown[]) => {
      const last = args[args.length - 1];
      const groups =
        typeof last === "object" && last !== null ? (last as Record<string, string | undefined>) : {};
      const offset = args.find((a) => typeof a === "number") as number;
      const pre = groups.pre ?? "";
      const secret = groups.secret ?? match.slice(pre.length);
      const from = offset + pre.length;
      const to = from + secret.length;
      while (next < markers.length && (markers[next]?.[1] ?? 0) <= from) next++;
      if ((markers[next]?.[0] ?? Number.POSITIVE_INFINITY) < to) return match;
      if (rule.accept && !rule.accept(secret)) return match;
      count += 1;
      kinds[rule.kind] = (kinds[rule.kind] ?? 0) + 1;
      return pre + redactionMarker(rule.kind) + match.slice(pre.length + secret.length);
    });
  }
  return { text: out, count, kinds };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Redacts every string inside a JSON value (objects, arrays, nested) and returns a copy; object keys stay
 * as they are. A string under a secret-named field (`password`, `apiKey`, `client_secret`, `token`, …) is
 * replaced whole as `secret_assignment` unless a rule already redacted it. Non-JSON objects are kept as is.
 * Recursive: the value must be depth-capped first (parseEvent does it with sanitize.ts).
 */
export function redactValue(value: unknown): { value: unknown; count: number; kinds: RedactionCounts } {
  const kinds: RedactionCounts = {};
  let count = 0;
  const walkString = (s: string, key: string | null): string => {
    const r = redactText(s);
    count += r.count;
    addCounts(kinds, r.kinds);
    if (key !== null && SECRET_FIELD_PATTERN.test(key) && looksLikeSecretValue(r.text)) {
      count += 1;
      kinds.secret_assignment = (kinds.secret_assignment ?? 0) + 1;
      return redactionMarker("secret_assignment");
    }
    return r.text;
  };
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === "string") return walkString(v, key);
    if (Array.isArray(v)) return v.map((item) => walk(item, key));
    // fromEntries defines own properties, so a "__proto__" key from JSON.parse stays data.
    if (isPlainObject(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]));
    }
    return v;
  };
  return { value: walk(value, null), count, kinds };
}

/**
 * Limit on a stored tool output: job.tool_result `data.output` when it is a string, or its JSON serialization
 * when it is structured. Counted in JavaScript characters (UTF-16 code units). An output over the limit is
 * stored as a string of at most this many characters: its head (80%) and tail (20%) joined by a marker line
 * `\n…[truncated by Fleetwatch: <original UTF-8 bytes> bytes originally, <kept> characters kept]…\n`.
 * Redaction runs after truncation, so a redacted output can differ from this length by a few characters.
 */
export const MAX_TOOL_OUTPUT_CHARS = 100_000;
const HEAD_SHARE = 0.8;

/** Finds the truncation marker; group 1 is the original size in UTF-8 bytes, group 2 the characters kept. */
export const TRUNCATION_MARKER_PATTERN =
  /\n…\[truncated by Fleetwatch: (\d+) bytes originally, (\d+) characters kept\]…\n/;

function truncationMarker(originalBytes: number, kept: number): string {
  return `\n…[truncated by Fleetwatch: ${originalBytes} bytes originally, ${kept} characters kept]…\n`;
}

/** Size of `s` in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes, as TextEncoder writes it). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function truncateString(s: string): { output: string; truncatedFrom: number } | null {
  if (s.length <= MAX_TOOL_OUTPUT_CHARS) return null;
  const originalBytes = utf8ByteLength(s);
  const budget = MAX_TOOL_OUTPUT_CHARS - truncationMarker(originalBytes, MAX_TOOL_OUTPUT_CHARS).length;
  let headEnd = Math.floor(budget * HEAD_SHARE);
  let tailStart = s.length - (budget - headEnd);
  // Never split a surrogate pair: give up the half character instead.
  if (isHighSurrogate(s.charCodeAt(headEnd - 1))) headEnd -= 1;
  if (isLowSurrogate(s.charCodeAt(tailStart))) tailStart += 1;
  const kept = headEnd + (s.length - tailStart);
  return {
    output: s.slice(0, headEnd) + truncationMarker(originalBytes, kept) + s.slice(tailStart),
    truncatedFrom: originalBytes,
  };
}

/**
 * Applies MAX_TOOL_OUTPUT_CHARS to a tool output. Over the limit, a string is cut and a structured value
 * becomes a cut string of its JSON; `truncatedFrom` is the original size in UTF-8 bytes. Otherwise the
 * output is returned unchanged with `truncatedFrom: null`.
 */
export function truncateToolOutput(output: unknown): { output: unknown; truncatedFrom: number | null } {
  if (output === undefined || output === null) return { output, truncatedFrom: null };
  const text = typeof output === "string" ? output : JSON.stringify(output);
  if (typeof text !== "string") return { output, truncatedFrom: null };
  return truncateString(text) ?? { output, truncatedFrom: null };
}

/**
 * The original size of an output Fleetwatch cut already (an exported event imported again): read from its marker,
 * so the round trip keeps it, and not cut a second time (redaction after the cut may have made it a few markers
 * longer than the limit; a tenth over is allowed for that, so the cap still holds against a forged marker).
 */
function alreadyTruncated(output: unknown): number | null {
  if (typeof output !== "string" || output.length > MAX_TOOL_OUTPUT_CHARS * 1.1) return null;
  const m = TRUNCATION_MARKER_PATTERN.exec(output);
  return m ? Number(m[1]) : null;
}

/**
 * Prepares an event for storage: truncates a job.tool_result output first, then redacts every string in
 * `data` (messages, thinking, tool inputs and outputs, log lines, error messages and stacks, …).
 * Ids (`id`, `job`, `agent`) are kept as they are. Returns a new event; the input is not mutated.
 */
export function sanitizeEvent(event: IngestEvent): {
  event: IngestEvent;
  redactions: number;
  kinds: RedactionCounts;
  truncatedFrom: number | null;
} {
  let data = event.data;
  let truncatedFrom: number | null = null;
  if (event.type === "job.tool_result" && "output" in data) {
    const stored = alreadyTruncated(data.output);
    const t =
      stored === null ? truncateToolOutput(data.output) : { output: data.output, truncatedFrom: stored };
    if (t.truncatedFrom !== null) {
      data = { ...data, output: t.output };
      truncatedFrom = t.truncatedFrom;
    }
  }
  const r = redactValue(data);
  return {
    event: { ...event, data: r.value as Record<string, unknown>, redactions: r.count, truncatedFrom },
    redactions: r.count,
    kinds: r.kinds,
    truncatedFrom,
  };
}
