// Small pure helpers shared by the Codex importer: safe field access, times, ids, text extraction.
import { sliceUnits } from "@/lib/runner-client/text";

export type Obj = Record<string, unknown>;

/** A set of the whitespace-separated words of a string. */
export const words = (s: string): Set<string> => new Set(s.trim().split(/\s+/));

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** A non-empty string, else undefined. */
export const nstr = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v : undefined;

/** Protocol text fields hold at most 1,000,000 characters. */
export const MAX_TEXT = 1_000_000;
export const clip = (s: string, max = MAX_TEXT): string =>
  s.length > max ? `${sliceUnits(s, max - 1)}…` : s; // never half an emoji

/** A value usable as a protocol name (ids, model, tool): 1..200 characters, no NUL. */
export function asName(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  return s && s.length <= 200 && !s.includes("\0") ? s : undefined;
}

/** FNV-1a 64-bit hash as 16 hex digits: deterministic, dependency free, good enough for ids. */
export function hash64(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

/** An id part: the value itself when short and clean, else a hash of it. */
export const idPart = (v: string, max = 120): string =>
  v.length > 0 && v.length <= max && !v.includes("\0") ? v : `h${hash64(v)}`;

const NO_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(9999, 0, 1);

/**
 * Normalizes a Codex timestamp to RFC 3339 UTC (`2025-10-30T10:00:00.000Z`), or null when it is not a time.
 * Accepts ISO strings with or without a zone (no zone = UTC), a space instead of `T`, and unix seconds or
 * milliseconds as numbers or digit strings.
 */
export function normalizeTime(v: unknown): string | null {
  let ms: number;
  if (typeof v === "number") ms = v > 1e12 ? v : v * 1000;
  else if (typeof v === "string") {
    const s = v.trim();
    if (/^\d+(\.\d+)?$/.test(s)) return normalizeTime(Number(s));
    ms = Date.parse(NO_ZONE.test(s) ? `${s.replace(" ", "T")}Z` : s);
  } else return null;
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null;
  return new Date(ms).toISOString();
}

/** The creation time embedded in a UUIDv7 (Codex session ids are v7 since late 2025). */
export function uuidV7Time(id: string | null | undefined): string | null {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(id ?? "");
  if (!m) return null;
  return normalizeTime(Number.parseInt(`${m[1]}${m[2]}`, 16));
}

/** `rollout-2025-10-30T10-00-00-<uuid>.jsonl`: the session id and start time in a rollout's name. */
export function fromFileName(fileName: string): { sessionId: string | null; time: string | null } {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const id = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(base)?.[1] ?? null;
  const t = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})/.exec(base);
  return { sessionId: id, time: t ? normalizeTime(`${t[1]}T${t[2]}:${t[3]}:${t[4]}`) : null };
}

/** Parses a JSON string when it is one (tool arguments), else returns it unchanged. */
export function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const s = v.trim();
  if (!(s.startsWith("{") || s.startsWith("["))) return v;
  try {
    return JSON.parse(s);
  } catch {
    return v;
  }
}

const TEXT_PART = new Set([
  "input_text",
  "output_text",
  "text",
  "summary_text",
  "reasoning_text",
  "inputtext",
]);

/** The text parts of a content array (or a plain string), joined with a newline. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const parts: string[] = [];
  for (const p of content) {
    if (typeof p === "string") parts.push(p);
    else if (isObj(p) && typeof p.text === "string" && TEXT_PART.has(String(p.type ?? "text").toLowerCase()))
      parts.push(p.text);
  }
  return parts.join("\n");
}

/** A content part without inline binary: data: URLs and base64 image data are replaced by their size. */
export function stripBlob(part: unknown): unknown {
  if (!isObj(part)) return part;
  if (typeof part.image_url === "string" && part.image_url.startsWith("data:"))
    return { ...part, image_url: `[inline image omitted: ${part.image_url.length} characters]` };
  if (typeof part.data === "string" && part.data.length > 1000 && /image|audio/.test(String(part.type)))
    return { ...part, data: `[inline ${part.type} omitted: ${part.data.length} characters]` };
  return part;
}

/** A content array without encrypted blobs or inline images (kept out of the transcript). */
export function cleanContent(content: unknown): unknown[] | undefined {
  if (!Array.isArray(content)) return undefined;
  const kept = content
    .filter((p) => !(isObj(p) && (p.type === "encrypted_content" || "encrypted_content" in p)))
    .map(stripBlob);
  return kept.length ? kept : undefined;
}

/** `CommandExecution` -> `command_execution` (rollout items are PascalCase, exec items snake_case). */
export const snake = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[-\s]+/g, "_")
    .toLowerCase();

/** A Rust `Duration` ({secs, nanos}), a number of milliseconds, or "1.5s" / "150ms", as milliseconds. */
export function durationMs(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return v;
  if (isObj(v) && typeof v.secs === "number") {
    const ms = v.secs * 1000 + (typeof v.nanos === "number" ? v.nanos / 1e6 : 0);
    return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
  }
  const m = typeof v === "string" ? /^([\d.]+)\s*(ms|s)$/.exec(v.trim()) : null;
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] === "s" ? 1000 : 1);
  return Number.isFinite(n) ? n : undefined;
}

/** The first user message as a job title: whitespace collapsed, at most 120 characters. */
export function titleOf(text: string): string | undefined {
  const t = text.replace(/\s+/g, " ").trim();
  if (!t) return undefined;
  return t.length > 120 ? `${sliceUnits(t, 119).trimEnd()}…` : t;
}

/** Drops undefined values so events stay compact and deterministic. */
export function compact<T extends Obj>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
