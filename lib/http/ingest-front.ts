// The webhook's front door (issue 16, ADR 0039): the production server (scripts/server.mjs) answers
// POST /api/v1/events itself, before Next.js's router, with the route's own handler (app/api/v1/events/route.ts:
// apiRoute's key check, rate limit, body limits, signature, ingestBatch). A single-event hook call is mostly
// framework plumbing under Next.js (routing, the route module's request context, NextRequest); here it is a
// Request built from Node's, the handler, and the answer written back. Everything else goes to Next.js.
// What the route shares with the rest of the process (the database pools, the API key cache, the rate limiter,
// the projector thread, read-your-writes marks) lives on globalThis, so this copy of the modules (loaded through
// tsx) and Next.js's bundles use the same ones; the request log and the peer address come from Node's HTTP
// server (diagnostics channel) and cover these requests as they do every other.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { POST } from "@/app/api/v1/events/route";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { BASE_HEADERS, HSTS, isHttps, NON_DOCUMENT_CSP } from "./security-headers";

const PATH = "/api/v1/events";

/** Whether the front answers this request: a POST to the events route, with or without a query. */
export function isIngestRequest(method: string | undefined, target: string | undefined): boolean {
  if (env.FLEETWATCH_INGEST_FRONT === "off" || method !== "POST" || !target?.startsWith(PATH)) return false;
  return target.length === PATH.length || target[PATH.length] === "?";
}

/** The headers next.config.ts gives every /api response, here from the running configuration. */
function apiHeaders(): [string, string][] {
  return [
    ...BASE_HEADERS.map((h): [string, string] => [h.key, h.value]),
    ["Content-Security-Policy", NON_DOCUMENT_CSP],
    ...(isHttps(env.FLEETWATCH_URL) ? [["Strict-Transport-Security", HSTS] as [string, string]] : []),
  ];
}
const API_HEADERS = apiHeaders();

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    // a header Fetch refuses (a name with a space...) is not the route's business: left out, as undici would
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {}
  }
  // The peer address the diagnostics channel stamped (lib/auth/client-address.ts) is in req.headers, not in
  // rawHeaders; it overrides whatever the client sent under that name.
  for (const name of ["x-fleetwatch-peer-address", "x-fleetwatch-listen-address"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
    else headers.delete(name);
  }
  return new Request(new URL(req.url ?? PATH, "http://localhost"), {
    method: "POST",
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
}

/** Answers one POST /api/v1/events. Never throws: a failure is a 500 with the API's error shape, logged. */
export async function serveIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: Response;
  try {
    response = await POST(toRequest(req), {});
  } catch (err) {
    logger.error({ err }, "ingest front: unhandled error");
    response = Response.json(
      { error: { code: "internal", message: "Internal error; the server log has the details." } },
      { status: 500 },
    );
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (res.destroyed) return;
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name === "set-cookie") continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  for (const [name, value] of API_HEADERS) res.setHeader(name, value);
  res.setHeader("content-length", body.length);
  // An answer sent before the whole body was read (401, 413...): the rest of the body is not wanted, and the
  // connection must not be reused with unread bytes on it.
  if (!req.complete) res.setHeader("connection", "close");
  res.end(body);
}
