// One log line per HTTP request: method, path, status and duration (issue 19, point 18). Next.js has no hook
// that sees a page's final status, so the line is written from Node's own HTTP server: the
// "http.server.request.start" diagnostics channel (as lib/auth/client-address does) gives the request and its
// response before Next.js sees them, and the response's "close" gives the status once it is sent.
// The path is logged without its query (setup tokens, OAuth codes, incident-link tokens live there) and with
// the secret segment of link paths (/invite/<token>, /reset/<token>) replaced.
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";

type LogFn = (fields: RequestLogFields, message: string) => void;
export type RequestLogger = { info: LogFn; debug: LogFn };
export type RequestLogFields = {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** The client went away before the response was complete. */
  aborted?: true;
};

/** Link paths whose last segment is a secret, with the part kept. */
const SECRET_SEGMENT = /^(\/invite|\/reset|\/api\/auth\/reset-password)\/[^/]+/;
/** Build assets: a page pulls dozens; logged at debug so the info log stays one line per thing a user did. */
const ASSET = /^\/_next\/(static|image)\//;
const MAX_PATH = 300;

/** The path part of a request target, never its query or fragment, with secret link segments redacted. */
export function loggablePath(target: string | undefined): string {
  const raw = target ?? "/";
  // An absolute-form target ("GET http://host/x HTTP/1.1", proxies) is a URL; the usual one is a path.
  let path = raw.startsWith("/") ? raw : absolutePath(raw);
  path = path.split(/[?#]/, 1)[0] || "/";
  path = path.replace(SECRET_SEGMENT, "$1/[redacted]");
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
}

function absolutePath(target: string): string {
  try {
    return new URL(target).pathname;
  } catch {
    return "/"; // "*" (OPTIONS *) or garbage
  }
}

const INSTALLED = Symbol.for("fleetwatch.request-log");

/** Logs every request this process serves from now on. Idempotent (one subscription per process). */
export function installRequestLog(log: RequestLogger, now: () => number = () => performance.now()): void {
  const g = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  subscribe("http.server.request.start", (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const started = now();
    const method = (request.method ?? "GET").slice(0, 16);
    const path = loggablePath(request.url);
    response.once("close", () => {
      const fields: RequestLogFields = {
        method,
        path,
        status: response.statusCode,
        durationMs: Math.round((now() - started) * 10) / 10,
      };
      if (!response.writableFinished) fields.aborted = true;
      const line = `${method} ${path} ${fields.status} ${fields.durationMs}ms${fields.aborted ? " (aborted)" : ""}`;
      if (ASSET.test(path)) log.debug(fields, line);
      else log.info(fields, line);
    });
  });
}
