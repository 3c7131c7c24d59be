// Reads a request body with the protocol's limits enforced while streaming, before parsing anything.
import type { IncomingMessage } from "node:http";
import { pipeline, Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createGunzip } from "node:zlib";
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
  const body = request.body as NodeReadableStream<Uint8Array>; // web streams are async iterables in Node
  return cappedChunks(encoding === "gzip" ? gunzipped(body) : body, maxBytes, tooLarge);
}

/**
 * The body decoded by node:zlib, as a Node stream. Not DecompressionStream: Node 20 builds it on its adapter
 * from a Node stream to a web stream, which can enqueue a chunk still buffered in the decoder after the stream
 * was cancelled (a body refused halfway, a 413): an uncaught ERR_INVALID_STATE ("Controller is already
 * closed") that takes the process down. Here a refused body destroys the decoder and, through the pipeline,
 * cancels the request's stream; what the decoder still holds is dropped.
 */
function gunzipped(body: NodeReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  // errors reach the reader through the decoder (the pipeline destroys it with them); nothing to do here
  return pipeline(Readable.fromWeb(body), createGunzip(), () => {});
}

async function* cappedChunks(source: AsyncIterable<Uint8Array>, maxBytes: number, tooLarge: () => ApiError) {
  const chunks = source[Symbol.asyncIterator]();
  let size = 0;
  let done = false;
  try {
    for (;;) {
      let read: IteratorResult<Uint8Array>;
      try {
        read = await chunks.next();
      } catch {
        done = true; // the source ended with its error: nothing left to stop
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
    if (!done) await chunks.return?.()?.catch(() => {});
  }
}

/**
 * The request's body as a web stream, a chunk per pull. Not Readable.toWeb: Node 20's adapter enqueues a chunk
 * still buffered in the request after the stream was cancelled (a body refused halfway), an uncaught
 * ERR_INVALID_STATE that takes the process down; and its cancel destroys the request, and with it the socket
 * the answer (the 413) is still to be written on. Cancelled, this stops reading; the answer then closes the
 * connection (writeIngestAnswer).
 */
export function requestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const finish = (error?: Error) => {
          if (!open) return;
          open = false;
          if (error) controller.error(error);
          else controller.close();
        };
        req.pause();
        req.on("data", (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once("end", () => finish());
        req.once("error", (e) => finish(e));
        req.once("close", () => finish(new Error("the client went away mid-body")));
      },
      pull() {
        req.resume();
      },
      cancel() {
        open = false;
        req.pause();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}
