// OTLP scalars, leniently: 64-bit integers as numbers, decimal strings or Long-like objects, doubles as
// numbers or "NaN"/"Infinity" strings, enums as numbers or names, trace and span ids as bytes or hex of either
// case (or base64, which some OTLP/JSON encoders wrongly use).

/** A 64-bit integer given as a number, a decimal string or a Long-like {low, high}. */
export function toBigInt(v: unknown): bigint | null {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === "string" && /^\s*[-+]?\d+\s*$/.test(v)) return BigInt(v.trim());
  if (typeof v === "object" && v !== null && "low" in v && "high" in v) {
    const { low, high } = v as { low: number; high: number };
    return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  }
  return null;
}
/** An integer as a JS number when exactly representable, else its decimal string. */
export function toInt(v: unknown): number | string | null {
  const b = toBigInt(v);
  if (b === null) return null;
  const n = Number(b);
  return Number.isSafeInteger(n) ? n : b.toString();
}
export function toDouble(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    if (v === "NaN") return Number.NaN;
    if (v === "Infinity") return Number.POSITIVE_INFINITY;
    if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
    const n = Number(v);
    return v.trim() !== "" && Number.isFinite(n) ? n : null;
  }
  return null;
}
/** Nanoseconds since the epoch; 0 or absent (the proto default) means unset. */
export function nanos(v: unknown): bigint | null {
  const b = toBigInt(v);
  return b !== null && b > 0n ? b : null;
}
export const nanosToDate = (ns: bigint | null) => (ns === null ? null : new Date(Number(ns / 1_000_000n)));

/** An enum given as its number, a numeric string or its name (e.g. "SPAN_KIND_SERVER" or "SERVER"). */
export function toEnum(v: unknown, names: readonly string[], prefix: string): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v !== "string") return 0;
  if (/^\d+$/.test(v)) return Number(v);
  const name = v.toUpperCase().replace(new RegExp(`^${prefix}`), "");
  const i = names.indexOf(name);
  return i >= 0 ? i : 0;
}
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
/** A trace or span id as lowercase hex: bytes (protobuf), hex of either case (OTLP/JSON) or base64. */
export function toId(v: unknown, bytes: 16 | 8): string | null {
  let id: string | null = null;
  if (v instanceof Uint8Array) id = hex(v);
  else if (typeof v === "string" && v !== "") {
    if (/^[0-9a-f]+$/i.test(v) && v.length === bytes * 2) id = v.toLowerCase();
    else {
      const decoded = Buffer.from(v, "base64");
      id = decoded.length === bytes ? hex(decoded) : v.toLowerCase();
    }
  }
  return id && !/^0+$/.test(id) ? id : null;
}
