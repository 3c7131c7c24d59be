// Where login may send the user afterwards: a path of this console, never another origin.
// Browsers (and the URL parser) read "/\evil", "/\t/evil", "/.//evil" and "//evil" as another host; checking the
// string's first characters misses some of them, so the value is resolved the way a browser would resolve it and
// only a same-origin result is kept, re-serialised from its parts (what was checked is what is returned).

const BASE = "http://fleetwatch.invalid";
const MAX_LENGTH = 2048;
// Backslashes (read as "/" by browsers) and C0 / DEL control characters (tabs and newlines are stripped by the
// URL parser, so "/\t/evil" becomes "//evil"): never part of a path this console links to.
function hasUnsafeChar(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === "\\" || code <= 0x1f || code === 0x7f) return true;
  }
  return false;
}

/** `next` when it is a same-origin path ("/jobs?x=1#y"), else "/". */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_LENGTH) return "/";
  if (next[0] !== "/" || next[1] === "/" || hasUnsafeChar(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  // The parser may fold "/.//evil" into the path "//evil", which a browser reads as a host: reject it, and the
  // same after percent-decoding ("/%2F/evil", "/%5Cevil"), in case anything downstream decodes the path.
  if (!isSinglySlashed(url.pathname) || !isSinglySlashed(decodeOrNull(url.pathname))) return "/";
  return url.pathname + url.search + url.hash;
}

function isSinglySlashed(path: string | null): boolean {
  if (path === null) return false;
  return path.startsWith("/") && !/^\/[/\\]/.test(path) && !hasUnsafeChar(path);
}

function decodeOrNull(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
