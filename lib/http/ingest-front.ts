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
import { POST } from "@/app/api/v1/events/route";
import { LISTEN_ADDRESS_HEADER, PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { env } from "@/lib/env";
import { requestBody } from "@/lib/http/body";
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

// The addresses the diagnostics channel stamps (lib/auth/client-address.ts) are in req.headers, not in
// rawHeaders; they override whatever the client sent under these names.
const STAMPED = [PEER_ADDRESS_HEADER, LISTEN_ADDRESS_HEADER];

/** The request's headers as the route sees them: as sent, with the peer address this server stamped. */
export function requestHeaders(req: IncomingMessage): [string, string][] {
  const out: [string, string][] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!STAMPED.includes(name.toLowerCase())) out.push([name, raw[i + 1] as string]);
  }
  for (const name of STAMPED) {
    const value = req.headers[name];
    if (typeof value === "string") out.push([name, value]);
  }
  return out;
}

/** A Fetch Request of the webhook from its target, header list and body. */
export function ingestRequest(
  target: string | undefined,
  list: [string, string][],
  body: ReadableStream<Uint8Array> | Uint8Array,
): Request {
  const headers = new Headers();
  for (const [name, value] of list) {
    // a header Fetch refuses (a name with a space...) is not the route's business: left out, as undici would
    try {
      headers.append(name, value);
    } catch {}
  }
  return new Request(new URL(target ?? PATH, "http://localhost"), {
    method: "POST",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
}

/** The route's answer, as plain data (it crosses a thread boundary when the ingest thread serves it). */
export type IngestAnswer = { status: number; headers: [string, string][]; body: Uint8Array };

/** Runs the route's handler on one request. Never throws: a failure is a 500 with the API's error shape, logged. */
export async function answerIngest(request: Request): Promise<IngestAnswer> {
  let response: Response;
  try {
    response = await POST(request, {});
  } catch (err) {
    logger.error({ err }, "ingest front: unhandled error");
    response = Response.json(
      { error: { code: "internal", message: "Internal error; the server log has the details." } },
      { status: 500 },
    );
  }
  const body = new Uint8Array(await response.arrayBuffer());
  const headers: [string, string][] = [];
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers.push([name, value]);
  for (const cookie of response.headers.getSetCookie()) headers.push(["set-cookie", cookie]);
  return { status: response.status, headers, body };
}

// names the answer's own headers may not repeat: the API's, and the two this writer sets
const WRITER_HEADERS = new Set([
  ...API_HEADERS.map(([name]) => name.toLowerCase()),
  "content-length",
  "connection",
]);

/** Writes an answer to Node's response, with the API's security headers (one writeHead: a hook's hot path). */
export function writeIngestAnswer(req: IncomingMessage, res: ServerResponse, answer: IngestAnswer): void {
  if (res.destroyed || res.headersSent) return;
  const raw: string[] = [];
  for (const [name, value] of answer.headers)
    if (!WRITER_HEADERS.has(name.toLowerCase())) raw.push(name, value);
  for (const [name, value] of API_HEADERS) raw.push(name, value);
  raw.push("content-length", String(answer.body.byteLength));
  // An answer sent before the whole body was read (401, 413...): the rest of the body is not wanted, and the
  // connection must not be reused with unread bytes on it.
  if (!req.complete) raw.push("connection", "close");
  res.writeHead(answer.status, raw);
  res.end(answer.body);
}

/** Answers one POST /api/v1/events on this thread. Never throws. */
export async function serveIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = ingestRequest(req.url, requestHeaders(req), requestBody(req));
  writeIngestAnswer(req, res, await answerIngest(request));
}
