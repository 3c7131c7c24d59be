// Reads a request body with the protocol's limits enforced while streaming, before parsing anything.
import { ApiError, badRequest } from "@/lib/api/errors";
import { MAX_BODY_BYTES } from "./protocol";

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
  const encoding = (request.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Content-Encoding "${encoding}" is not supported; use gzip.`,
    );
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (encoding === "identity" && declared > maxBytes) throw tooLarge(maxBytes, tooLargeHint);
  if (!request.body) throw badRequest("The request has no body.");

  let stream: ReadableStream<Uint8Array> = request.body;
  if (encoding === "gzip")
    stream = stream.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes, tooLargeHint);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw badRequest("The body could not be read: it is not valid gzip data.");
  }
  return Buffer.concat(chunks);
}
