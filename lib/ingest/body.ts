// Reads a request body with the protocol's limits enforced while streaming, before parsing anything.
import { ApiError, badRequest } from "@/lib/api/errors";
import { MAX_BODY_BYTES } from "./protocol";

const tooLarge = () =>
  new ApiError(
    413,
    "payload_too_large",
    `The body exceeds ${MAX_BODY_BYTES} bytes uncompressed. Send fewer events per request (at most 1000).`,
  );

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const accepts = (contentType: string, type: string) =>
  new RegExp(`^${escapeRegExp(type)}\\b`, "i").test(contentType);

/** `contentTypes`: the media types accepted (default application/json only, as the events route wants). */
export async function readLimitedBody(
  request: Request,
  { contentTypes = ["application/json"] }: { contentTypes?: readonly string[] } = {},
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
  if (encoding === "identity" && declared > MAX_BODY_BYTES) throw tooLarge();
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
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw badRequest("The body could not be read: it is not valid gzip data.");
  }
  return Buffer.concat(chunks);
}
