// The write path's gate, shared by /api/v1/events, the OTLP receiver and /api/v1/import, run once by apiRoute
// (its `ingest` option) before the handler: the caller's rate limit, then the body read once within its limits,
// then the key's signature checked on exactly those bytes. Handlers get the verified bytes (or the stream).
import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { readLimitedBody } from "@/lib/http/body";
import { rateLimited, rateLimiterFor } from "@/lib/ingest/rate-limit";
import { verifySignature } from "@/lib/ingest/signature";
import { ApiError, forbidden } from "./errors";

export type IngestOptions = {
  /** Media types the body may have (default application/json); `typeHint` words the 415 when it differs. */
  contentTypes?: readonly string[];
  typeHint?: string;
  /** The body's cap (default: the events protocol's) and what to do when it is exceeded. */
  maxBytes?: number;
  tooLargeHint?: string;
  /**
   * A key with a signing secret: "verify" (the default) checks Fleetwatch-Signature over the raw body;
   * `{ refuse }` turns such keys away with that message (OpenTelemetry exporters cannot sign).
   */
  signed?: "verify" | { refuse: string };
  /**
   * "buffer" (the default): the handler gets the whole body as `rawBody`. "stream": `rawBody` is null and the
   * handler streams the request itself, unless the key signs: then the body is read and verified first, and
   * handed over as `rawBody`, since nothing may be stored before its signature holds.
   */
  read?: "buffer" | "stream";
  /** Signed-in users (the import route) count against this budget per minute, in this process. */
  userLimit?: { perMinute: number; noun: string; setting: string };
};

type Caller = {
  apiKeyId: string | null;
  userId: string | null;
  signingSecret: string | null;
  rateLimitPerMinute: number | null;
};

const WINDOW_MS = 60_000;
/** user id -> the current one-minute window's start and count. */
const userWindows = new Map<string, { start: number; count: number }>();

/** Counts one request by `userId`; returns the seconds to wait when over `limit`, else null. */
export function consumeUserRate(userId: string, limit: number, now = Date.now()): number | null {
  const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
  const w = userWindows.get(userId);
  if (!w || w.start !== start) {
    if (userWindows.size > 10_000)
      for (const [k, v] of userWindows) if (v.start !== start) userWindows.delete(k);
    userWindows.set(userId, { start, count: 1 });
    return null;
  }
  w.count++;
  return w.count > limit ? Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000)) : null;
}

async function consumeRate(db: Db, caller: Caller, options: IngestOptions): Promise<void> {
  if (caller.apiKeyId) {
    const limit = caller.rateLimitPerMinute ?? env.FLEETWATCH_RATE_LIMIT_PER_MINUTE;
    // counted in memory, shared with the other instances through PostgreSQL off the request path
    const rate = rateLimiterFor(db).consume(caller.apiKeyId, limit);
    if (!rate.allowed) throw rateLimited(rate);
    return;
  }
  const limit = options.userLimit;
  if (!caller.userId || !limit) return;
  const wait = consumeUserRate(caller.userId, limit.perMinute);
  if (wait !== null)
    throw new ApiError(
      429,
      "rate_limited",
      `You may send ${limit.perMinute} ${limit.noun} per minute (${limit.setting}). Retry after ${wait} s.`,
      undefined,
      { "Retry-After": String(wait) },
    );
}

const mediaType = (request: Request) =>
  (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/** Runs the gate; returns the verified raw body, or null when the handler is to stream it. */
export async function passIngestGate(
  request: Request,
  db: Db,
  caller: Caller,
  options: IngestOptions,
): Promise<Buffer | null> {
  const signature = request.headers.get("fleetwatch-signature");
  const signed = options.signed ?? "verify";
  if (caller.signingSecret && signed !== "verify" && !signature) throw forbidden(signed.refuse);
  await consumeRate(db, caller, options);
  const contentTypes = options.contentTypes ?? ["application/json"];
  const type = mediaType(request);
  if (!contentTypes.some((t) => type === t.toLowerCase())) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Content-Type must be ${options.typeHint ?? contentTypes.join(" or ")} (got "${type || "none"}").`,
    );
  }
  const limits = { contentTypes, maxBytes: options.maxBytes, tooLargeHint: options.tooLargeHint };
  if (options.read === "stream" && !caller.signingSecret) return null;
  const body = await readLimitedBody(request, limits);
  if (caller.signingSecret) verifySignature(caller.signingSecret, signature, body);
  return body;
}

/** A verified body handed to a streaming handler, in the shape limitedBodyStream yields. */
export async function* chunksOf(body: Buffer): AsyncGenerator<Uint8Array, void, undefined> {
  yield body;
}
