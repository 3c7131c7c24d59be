// The import body as a stream of chunks with the size cap enforced twice: on the declared Content-Length
// before anything is read, and on the bytes counted while reading (after gzip decoding), so an absent or
// lying Content-Length is capped all the same. Nothing is buffered here.
import { ApiError, badRequest } from "@/lib/api/errors";
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

export function importBodyStream(
  request: Request,
  { maxBytes }: { maxBytes: number },
): AsyncGenerator<Uint8Array, void, undefined> {
  const encoding = (request.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip")
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Content-Encoding "${encoding}" is not supported; use gzip.`,
    );
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (encoding === "identity" && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw badRequest("The request has no body.");
  let stream: ReadableStream<Uint8Array> = request.body;
  if (encoding === "gzip")
    stream = stream.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
  return chunksOf(stream, maxBytes);
}

async function* chunksOf(stream: ReadableStream<Uint8Array>, maxBytes: number) {
  const reader = stream.getReader();
  let size = 0;
  let done = false;
  try {
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch {
        throw badRequest("The body could not be read (cut off, or not valid gzip data).");
      }
      if (read.done) {
        done = true;
        return;
      }
      size += read.value.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      yield read.value;
    }
  } finally {
    // Stopped early (too large, a refused line, an error): stop reading what the client still sends.
    if (!done) await reader.cancel().catch(() => {});
  }
}
