// The import body: its mode from the Content-Type, and its chunks capped by the shared reader of
// lib/http/body.ts (declared and counted bytes, after gzip decoding; nothing buffered).

import { limitedBodyStream } from "@/lib/http/body";
import { ApiError } from "@/lib/http/errors";
import { formatBytes } from "@/lib/importers/lines";

/**
 * Content types of a raw upload (the body is the file); application/json is the `{file_name, text}` form.
 * Never text/plain: it is one of the types a page on another site can post with the user's cookie without a
 * CORS preflight, so refusing it keeps this route out of reach of such a page even before the Origin check.
 */
export const RAW_TYPES = ["application/x-ndjson", "application/jsonl", "application/octet-stream"] as const;

export const tooLarge = (maxBytes: number) =>
  new ApiError(
    413,
    "payload_too_large",
    `The import exceeds ${formatBytes(maxBytes)} (FLEETWATCH_IMPORT_MAX_MB). Import bigger files with npm run import.`,
  );

const mediaType = (request: Request) =>
  (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/** "raw" or "envelope" from the Content-Type; 415 for anything else (multipart included). */
export function importMode(request: Request): "raw" | "envelope" {
  const type = mediaType(request);
  if (type === "application/json") return "envelope";
  if ((RAW_TYPES as readonly string[]).includes(type)) return "raw";
  throw new ApiError(
    415,
    "unsupported_media_type",
    `Content-Type must be the file's bytes (${RAW_TYPES.join(", ")}) or application/json {file_name, text} (got "${type || "none"}").`,
  );
}

/** The upload's chunks, capped at `maxBytes` (lib/http/body.ts, the events route's reader). */
export const importBodyStream = (request: Request, { maxBytes }: { maxBytes: number }) =>
  limitedBodyStream(request, { maxBytes, tooLarge: () => tooLarge(maxBytes) });
