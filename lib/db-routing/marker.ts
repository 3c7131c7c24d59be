// Read-your-writes: whoever just changed something reads the primary for a short while, so a replica that is a
// few seconds behind never shows them the page as it was before their change. A session carries the moment in a
// cookie (any instance honours it); an API key's is kept in this process's memory (a key's client sends no
// cookies). The value only chooses a pool: a forged or stale cookie can at most send reads to the primary.
import { env } from "@/lib/env";

export const PRIMARY_COOKIE = "fw_primary_until";

/** How long after a change its author reads the primary: the lag threshold plus 2 s, unless configured. */
export function readYourWritesMs(): number {
  return env.FLEETWATCH_READ_YOUR_WRITES_MS ?? env.FLEETWATCH_READ_MAX_LAG_MS + 2000;
}

/** The request methods that change something (what apiRoute, server actions and forms send). */
export function changesState(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

/** The cookie's value in a Cookie header, as a number of ms since the epoch (null: absent or not a number). */
export function primaryUntilFromCookies(cookieHeader: string | null | undefined): number | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, value] = part.trim().split("=", 2);
    if (name !== PRIMARY_COOKIE || !value) continue;
    const until = Number(value);
    // at most the window ahead: a cookie far in the future (forged, or a clock jump) does not pin the primary
    return Number.isSafeInteger(until) ? Math.min(until, Date.now() + readYourWritesMs()) : null;
  }
  return null;
}

/** The Set-Cookie attributes for a session that just changed something, at `now`. */
export function primaryCookie(now = Date.now(), secure = false) {
  const ms = readYourWritesMs();
  return {
    name: PRIMARY_COOKIE,
    value: String(now + ms),
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure,
    maxAge: Math.max(1, Math.ceil(ms / 1000)),
  };
}

/** The same cookie as a Set-Cookie header line (for Response objects that are not NextResponse). */
export function primaryCookieHeader(now = Date.now(), secure = false): string {
  const c = primaryCookie(now, secure);
  return `${c.name}=${c.value}; Path=${c.path}; Max-Age=${c.maxAge}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

// Per API key, in this process: key id -> until. Pruned as it is written, so it holds at most the keys that
// wrote within the window.
const KEY_MARKS = Symbol.for("fleetwatch.primaryKeyMarks");
type WithMarks = typeof globalThis & { [KEY_MARKS]?: Map<string, number> };

function keyMarks(): Map<string, number> {
  const g = globalThis as WithMarks;
  g[KEY_MARKS] ??= new Map();
  return g[KEY_MARKS];
}

const KEY_WRITE_LISTENERS = Symbol.for("fleetwatch.primaryKeyWriteListeners");
type WithListeners = typeof globalThis & { [KEY_WRITE_LISTENERS]?: ((apiKeyId: string) => void)[] };

/** Calls `listener` with each key marked in this thread (the ingest thread tells the server thread). */
export function onKeyWrite(listener: (apiKeyId: string) => void): void {
  const g = globalThis as WithListeners;
  g[KEY_WRITE_LISTENERS] ??= [];
  g[KEY_WRITE_LISTENERS].push(listener);
}

export function markKeyWrite(apiKeyId: string, now = Date.now()): void {
  const marks = keyMarks();
  for (const [id, until] of marks) if (until <= now) marks.delete(id);
  marks.set(apiKeyId, now + readYourWritesMs());
  for (const listener of (globalThis as WithListeners)[KEY_WRITE_LISTENERS] ?? []) listener(apiKeyId);
}

/** True while a request should read the primary: its cookie or its key's mark is still in the future. */
export function wantsPrimary(
  { cookieHeader, apiKeyId }: { cookieHeader?: string | null; apiKeyId?: string | null },
  now = Date.now(),
): boolean {
  const fromCookie = primaryUntilFromCookies(cookieHeader);
  if (fromCookie !== null && fromCookie > now) return true;
  const fromKey = apiKeyId ? keyMarks().get(apiKeyId) : undefined;
  return fromKey !== undefined && fromKey > now;
}

const MARK_EVERY_MS = 250;

/**
 * Passes a key's marks on (from the ingest thread to the server thread) at most once per MARK_EVERY_MS per key
 * (a hook fleet's key writes hundreds of times a second): a write in between is covered by the mark passed
 * before it, whose window (the lag threshold + 2 s) is still open, and a trailing mark extends the window past it.
 */
export function markSender(pass: (apiKeyId: string) => void): (apiKeyId: string) => void {
  const last = new Map<string, { at: number; timer: NodeJS.Timeout | null }>();
  return (apiKeyId) => {
    const now = performance.now();
    const m = last.get(apiKeyId);
    if (!m || now - m.at >= MARK_EVERY_MS) {
      if (last.size > 10_000) last.clear();
      last.set(apiKeyId, { at: now, timer: null });
      pass(apiKeyId);
      return;
    }
    if (m.timer) return;
    m.timer = setTimeout(
      () => {
        m.timer = null;
        m.at = performance.now();
        pass(apiKeyId);
      },
      MARK_EVERY_MS - (now - m.at),
    );
  };
}
