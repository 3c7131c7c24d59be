// The OTLP/HTTP receiver behind /api/otlp/v1/{traces,logs,metrics}: authenticates with an ingest key like
// /api/v1/events, reads a limited body (JSON or protobuf, optionally gzip), maps it to protocol events and
// stores them with ingestBatch, answering only once they are committed. Responses follow OTLP/HTTP: 200 with
// an Export*ServiceResponse in the request's encoding (empty, or a partial success naming what was rejected
// or ignored), and errors as google.rpc.Status (protobuf requests) or JSON with the same code and message.
import { and, eq, inArray } from "drizzle-orm";
import { NextResponse } from "next/server";
import type { Db } from "@/db/client";
import { job } from "@/db/schema";
import { badRequest } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { decodeRequest, type Encoding, OtlpDecodeError } from "@/lib/importers/otlp/decode";
import { mapTraces } from "@/lib/importers/otlp/genai";
import { mapLogs } from "@/lib/importers/otlp/logs";
import { mapMetrics } from "@/lib/importers/otlp/metrics";
import {
  encodeProtobufResponse,
  encodeRpcStatus,
  REJECTED_FIELD,
  type Signal,
} from "@/lib/importers/otlp/proto";
import type { Mapping } from "@/lib/importers/otlp/util";
import { ingestBatch } from "@/lib/ingest/ingest";
import type { IngestResponse } from "@/lib/ingest/protocol";
import { isStorableText } from "@/lib/ingest/sanitize";

export const OTLP_CONTENT_TYPES = ["application/json", "application/x-protobuf", "application/protobuf"];
const PROTOBUF = "application/x-protobuf";

const NOUN: Record<Signal, string> = { traces: "spans", logs: "log records", metrics: "data points" };

export function encodingOf(request: Request): Encoding {
  return /^application\/(x-)?protobuf\b/i.test(request.headers.get("content-type") ?? "")
    ? "protobuf"
    : "json";
}

/** Maps a decoded request to protocol events (pure; `now` stands in for missing timestamps). */
export function mapRequest(signal: Signal, encoding: Encoding, body: Uint8Array, now = new Date()): Mapping {
  if (signal === "traces") return mapTraces(decodeRequest(signal, encoding, body).data, now);
  if (signal === "logs") return mapLogs(decodeRequest(signal, encoding, body).data, now);
  return mapMetrics(decodeRequest(signal, encoding, body).data, now);
}

export type PartialSuccess = { rejected: number; errorMessage: string };

/**
 * Rejected: the items (spans, log records, data points) one of whose events failed validation. Items ignored
 * are accepted: silently when they are simply not for Fleetwatch (spans without gen_ai.*, other services'
 * logs and metrics), as a warning (rejected 0, as OTLP allows) when they look misconfigured (no session id).
 */
export function partialSuccess(
  signal: Signal,
  mapping: Mapping,
  result: IngestResponse | null,
): PartialSuccess | null {
  const messages: string[] = [];
  const rejectedItems = new Set<number>();
  for (const r of result?.results ?? []) {
    if (r.status !== "rejected") continue;
    rejectedItems.add(mapping.sources[r.index] ?? -1);
    if (messages.length < 3) messages.push(`event ${r.id ?? r.index}: ${r.error ?? "invalid"}`);
  }
  if (rejectedItems.size) {
    messages.unshift(`${rejectedItems.size} of ${mapping.items} ${NOUN[signal]} rejected`);
  }
  for (const reason of mapping.warnings) messages.push(`ignored ${mapping.ignored.get(reason)} ${reason}`);
  return messages.length ? { rejected: rejectedItems.size, errorMessage: messages.join("; ") } : null;
}

function exportResponse(signal: Signal, encoding: Encoding, partial: PartialSuccess | null): Response {
  if (encoding === "protobuf") {
    return new Response(Buffer.from(encodeProtobufResponse(signal, partial)), {
      status: 200,
      headers: { "content-type": PROTOBUF },
    });
  }
  return NextResponse.json(
    partial
      ? { partialSuccess: { [REJECTED_FIELD[signal]]: partial.rejected, errorMessage: partial.errorMessage } }
      : {},
  );
}

// google.rpc.Code for the HTTP statuses the receiver answers.
const RPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 8, 415: 3, 429: 8, 503: 14 };

/**
 * Re-encodes an error response as OTLP/HTTP wants it. A 500 becomes 503 with Retry-After, the status OTLP
 * exporters retry (they drop data on a 500); the server log has the cause either way.
 */
async function otlpError(response: Response, encoding: Encoding): Promise<Response> {
  let message = "Internal error; the server log has the details.";
  let error: unknown;
  try {
    error = ((await response.json()) as { error?: { message?: string } }).error;
    message = (error as { message?: string } | undefined)?.message ?? message;
  } catch {}
  const status = response.status === 500 ? 503 : response.status;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  if (status === 503 && !headers.has("retry-after")) headers.set("retry-after", "5");
  const code = RPC_CODE[status] ?? 2;
  if (encoding === "protobuf") {
    headers.set("content-type", PROTOBUF);
    return new Response(Buffer.from(encodeRpcStatus(code, message)), { status, headers });
  }
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify({ code, message, error }), { status, headers });
}

/**
 * Drops the implied job.started of sessions whose job already started at or before it (an earlier request, or
 * the Claude Code hook), so a session's transcript does not get a start per request.
 */
async function dropRedundantStarts(db: Db, projectId: string, mapping: Mapping): Promise<void> {
  // Ids PostgreSQL cannot take as a parameter (NUL) are left to ingestBatch, which rejects them per event.
  const jobs = [...mapping.impliedStarts].flatMap((e) => (e.job && isStorableText(e.job) ? [e.job] : []));
  if (!jobs.length) return;
  const rows = await db
    .select({ externalId: job.externalId, startedAt: job.startedAt })
    .from(job)
    .where(and(eq(job.projectId, projectId), inArray(job.externalId, jobs)));
  const startedAt = new Map(rows.map((r) => [r.externalId, r.startedAt]));
  mapping.retain((e) => {
    const at = mapping.impliedStarts.has(e) && e.job ? startedAt.get(e.job) : null;
    return !at || at.getTime() > Date.parse(e.time);
  });
}

/** The POST handler of one signal's route. */
export function otlpRoute(signal: Signal) {
  const inner = apiRoute({
    access: "ingest",
    ingest: {
      contentTypes: OTLP_CONTENT_TYPES,
      tooLargeHint:
        "Lower the exporter's batch size (OTEL_BSP_MAX_EXPORT_BATCH_SIZE, OTEL_BLRP_MAX_EXPORT_BATCH_SIZE).",
      signed: {
        refuse:
          "This API key requires signed requests (Fleetwatch-Signature), which OpenTelemetry exporters cannot send. Use an ingest key without a signing secret for OTLP.",
      },
    },
    handler: async ({ request, db, rawBody, projectId, apiKeyId }) => {
      const body = rawBody ?? Buffer.alloc(0);
      const encoding = encodingOf(request);
      let mapping: Mapping;
      try {
        mapping = mapRequest(signal, encoding, body);
      } catch (error) {
        if (error instanceof OtlpDecodeError) throw badRequest(error.message);
        throw error;
      }
      await dropRedundantStarts(db, projectId, mapping);
      const result = mapping.events.length
        ? await ingestBatch({ db, projectId, apiKeyId, rawEvents: mapping.events, projection: "queued" })
        : null;
      return exportResponse(signal, encoding, partialSuccess(signal, mapping, result));
    },
  });
  return async (request: Request, context: { params?: Promise<Record<string, string>> }) => {
    const response = await inner(request, context);
    return response.status >= 400 ? otlpError(response, encodingOf(request)) : response;
  };
}
