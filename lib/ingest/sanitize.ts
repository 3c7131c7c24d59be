// The first step of the write path for each event, before validation: makes its parsed `data` storable by
// PostgreSQL, whose text and jsonb refuse NUL and unpaired UTF-16 surrogates (JSON allows both as \u escapes),
// and caps its depth so that no recursive code after it (redaction, JSON.stringify, jsonb) can overflow.
// Iterative: a body nested 10,000 (or 1,000,000) levels deep costs a loop, never the stack. Pure.

/** Containers nested deeper than this in `data` (`data` itself is level 1) are replaced by DEPTH_MARKER. */
export const MAX_DATA_DEPTH = 64;
export const DEPTH_MARKER = `[truncated by Fleetwatch: nested deeper than ${MAX_DATA_DEPTH} levels]`;

/** True when PostgreSQL stores `s` unchanged: no NUL, no unpaired surrogate. Ids must be. */
export function isStorableText(s: string): boolean {
  return s.isWellFormed() && !s.includes("\0");
}

/** `s` with NUL and unpaired surrogates replaced by U+FFFD (the replacement character). */
export function storableText(s: string): string {
  if (isStorableText(s)) return s;
  return s.toWellFormed().replaceAll("\0", "\uFFFD");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

type Frame = {
  src: unknown[] | Record<string, unknown>;
  dst: unknown[] | Record<string, unknown>;
  depth: number;
};

/**
 * A copy of a JSON value that PostgreSQL can store: strings and object keys through storableText, numbers that
 * JSON cannot carry (Infinity from `1e400`, NaN) as null, bigints as decimal strings, containers deeper than
 * `maxDepth` as DEPTH_MARKER. Other values are kept as they are; the input is not mutated (and is returned as
 * is when nothing needs repair).
 */
export function storableJson(value: unknown, maxDepth = MAX_DATA_DEPTH): unknown {
  return isStorableJson(value, maxDepth) ? value : copyStorable(value, maxDepth);
}

/** True when storableJson would change nothing: the common case, checked without allocating a copy. */
function isStorableJson(value: unknown, maxDepth: number): boolean {
  const pending: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { v, depth } = item;
    if (typeof v === "string") {
      if (!isStorableText(v)) return false;
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) return false;
    } else if (typeof v === "bigint") {
      return false;
    } else if (Array.isArray(v) || isPlainObject(v)) {
      if (depth > maxDepth) return false;
      if (Array.isArray(v)) for (const x of v) pending.push({ v: x, depth: depth + 1 });
      else
        for (const [key, x] of Object.entries(v)) {
          if (!isStorableText(key)) return false;
          pending.push({ v: x, depth: depth + 1 });
        }
    }
  }
  return true;
}

function copyStorable(value: unknown, maxDepth: number): unknown {
  const pending: Frame[] = [];
  const convert = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return storableText(v);
    if (typeof v === "number") return Number.isFinite(v) ? v : null;
    if (typeof v === "bigint") return v.toString();
    if (!Array.isArray(v) && !isPlainObject(v)) return v;
    if (depth > maxDepth) return DEPTH_MARKER;
    const dst: unknown[] | Record<string, unknown> = Array.isArray(v) ? new Array(v.length) : {};
    pending.push({ src: v, dst, depth });
    return dst;
  };
  const root = convert(value, 1);
  for (let frame = pending.pop(); frame; frame = pending.pop()) {
    const { src, dst, depth } = frame;
    if (Array.isArray(src)) {
      for (let i = 0; i < src.length; i++) (dst as unknown[])[i] = convert(src[i], depth + 1);
    } else {
      for (const [key, item] of Object.entries(src)) {
        // defineProperty: a "__proto__" key from JSON.parse stays data, as it was.
        Object.defineProperty(dst, storableText(key), {
          value: convert(item, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  }
  return root;
}
