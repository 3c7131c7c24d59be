// Reads a request body with the protocol's limits enforced while streaming, before parsing anything.
import { ApiError, badRequest } from "@/lib/http/errors";
import { MAX_BODY_BYTES } from "@/lib/ingest/protocol";

const tooLarge = (maxBytes: number, hint: string) =>
  new ApiError(413, "payload_too_large", `The body exceeds ${maxBytes} bytes uncompressed. ${hint}`);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const accepts = (contentType: string, type: string) =>
  new RegExp(`^${escapeRegExp(type)}\\b`, "i").test(contentType);

/**
 * `contentTypes`: the media types accepted; `maxBytes` and `tooLargeHint`: the limit and what to do about it.
 * The defaults are the events route's.
 */
export async function readLimitedBody(
  request: Request,
  {
    contentTypes = ["application/json"],
    maxBytes = MAX_BODY_BYTES,
    tooLargeHint = "Send fewer events per request (at most 1000).",
  }: { contentTypes?: readonly string[]; maxBytes?: number; tooLargeHint?: string } = {},
): Promise<Buffer> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentTypes.some((type) => accepts(contentType, type))) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Content-Type must be ${contentTypes.join(" or ")} (got "${contentType || "none"}").`,
    );
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of limitedBodyStream(request, {
    maxBytes,
    tooLarge: () => tooLarge(maxBytes, tooLargeHint),
  }))
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The body as a stream of chunks (gzip decoded) with the size cap enforced twice: on the declared
 * Content-Length before anything is read, and on the bytes counted while reading, so an absent or lying
 * Content-Length is capped all the same. Nothing is buffered. The checks that need no read (encoding, declared
 * length, a missing body) throw at once, before the first chunk is asked for.
 */
export function limitedBodyStream(
  request: Request,
  { maxBytes, tooLarge }: { maxBytes: number; tooLarge: () => ApiError },
): AsyncGenerator<Uint8Array, void, undefined> {
  const encoding = (request.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Content-Encoding "${encoding}" is not supported; use gzip.`,
    );
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (encoding === "identity" && declared > maxBytes) throw tooLarge();
  if (!request.body) throw badRequest("The request has no body.");
  let stream: ReadableStream<Uint8Array> = request.body;
  if (encoding === "gzip")
    stream = stream.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
  return cappedChunks(stream, maxBytes, tooLarge);
}

async function* cappedChunks(stream: ReadableStream<Uint8Array>, maxBytes: number, tooLarge: () => ApiError) {
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
      if (size > maxBytes) throw tooLarge();
      yield read.value;
    }
  } finally {
    // Stopped early (too large, a refused line, an error): stop reading what the client still sends.
    if (!done) await reader.cancel().catch(() => {});
  }
}
