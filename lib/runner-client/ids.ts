// Event ids: random ones generated once per event at send(), deterministic ones derived from a source's own keys.
import { createHash, randomBytes } from "node:crypto";

const MAX_ID_LENGTH = 200;

/** `<prefix>-<time base36>-<16 random base64url chars>`: unique, and roughly ordered by creation time. */
export function randomEventId(prefix = "fw"): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(12).toString("base64url")}`;
}

export function sha256Hex(...parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

/**
 * A deterministic id from parts (the same parts always give the same id). Readable when short enough,
 * else `<prefix>-<sha256>`; always within the protocol's 200 characters.
 */
export function stableEventId(prefix: string, ...parts: string[]): string {
  const readable = [prefix, ...parts].join(":");
  if (readable.length <= MAX_ID_LENGTH && /^[\w.:@/+=-]+$/.test(readable)) return readable;
  return `${prefix}-${sha256Hex(...parts).slice(0, 40)}`;
}
