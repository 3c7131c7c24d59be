// The capped body reader: a body refused halfway (too large once decoded) stops reading and leaves nothing
// behind that could throw later.
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { limitedBodyStream, requestBody } from "@/lib/http/body";
import { ApiError } from "@/lib/http/errors";

const tooLarge = () => new ApiError(413, "payload_too_large", "too large");

const request = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://fleetwatch.test/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

/** Reads the body to the end or the error; `slow`: a reader that lets the decoder run ahead between chunks. */
async function read(
  req: Request,
  maxBytes: number,
  slow = false,
): Promise<{ bytes: number; error: unknown }> {
  let bytes = 0;
  try {
    for await (const chunk of limitedBodyStream(req, { maxBytes, tooLarge })) {
      bytes += chunk.byteLength;
      if (slow) await new Promise((r) => setTimeout(r, 1));
    }
    return { bytes, error: null };
  } catch (error) {
    return { bytes, error };
  }
}

/** Runs `body` and returns the uncaught exceptions thrown meanwhile (what would have taken a server down). */
async function uncaughtDuring(body: () => Promise<void>): Promise<unknown[]> {
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  process.on("uncaughtException", onUncaught);
  try {
    await body();
  } finally {
    process.off("uncaughtException", onUncaught);
  }
  return uncaught;
}

describe("limitedBodyStream", () => {
  it("refuses a gzip bomb once decoded past the cap, with decoded data still buffered, and nothing throws after", async () => {
    // 16 MiB of zeros in ~16 KiB of gzip: the decoder runs far ahead of the reader
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const uncaught = await uncaughtDuring(async () => {
      // stop after 1, 2, ... 40 chunks of 16 KiB (the decoder's size). Node 20's DecompressionStream, read
      // like this, threw "Controller is already closed" after about one refusal in three
      for (let chunks = 1; chunks <= 40; chunks++) {
        const gz = request(bomb, { "content-encoding": "gzip" });
        const { bytes, error } = await read(gz, chunks * 16 * 1024, true);
        expect(error).toMatchObject({ status: 413, code: "payload_too_large" });
        expect(bytes).toBeLessThanOrEqual(chunks * 16 * 1024);
        await new Promise((r) => setTimeout(r, 1));
      }
    });
    expect(uncaught).toEqual([]);
  });

  it("decodes a whole gzip body, and answers 400 to a cut-off one", async () => {
    const text = JSON.stringify({ events: Array.from({ length: 2000 }, (_, i) => ({ id: `e${i}` })) });
    const gz = gzipSync(text);
    const whole = await read(request(gz, { "content-encoding": "gzip" }), 5 * 1024 * 1024);
    expect(whole).toEqual({ bytes: Buffer.byteLength(text), error: null });
    const cut = await read(
      request(gz.subarray(0, gz.length >> 1), { "content-encoding": "gzip" }),
      5 * 1024 * 1024,
    );
    expect(cut.error).toMatchObject({ status: 400 });
    expect((cut.error as Error).message).toMatch(/cut off, or not valid gzip/);
  });
});

describe("requestBody", () => {
  /** A request whose 50 chunks of 16 KiB are all buffered before it is read, as a fast client's are. */
  function buffered() {
    const req = new PassThrough();
    for (let i = 0; i < 50; i++) req.write(Buffer.alloc(16 * 1024, i));
    return req;
  }

  it("stops reading when cancelled with chunks still buffered, throws nothing after, and keeps the request", async () => {
    // Readable.toWeb, cancelled like this, threw "Controller is already closed" once per cancel with
    // data still buffered, and destroyed the request (and so the socket the answer goes on)
    const uncaught = await uncaughtDuring(async () => {
      for (let chunks = 1; chunks <= 20; chunks++) {
        const req = buffered();
        const reader = requestBody(req as unknown as IncomingMessage).getReader();
        for (let i = 0; i < chunks; i++) {
          const { value } = await reader.read();
          expect(value?.[0]).toBe(i); // in order, none skipped
        }
        await reader.cancel();
        await new Promise((r) => setTimeout(r, 1));
        expect(req.destroyed).toBe(false);
      }
    });
    expect(uncaught).toEqual([]);
  });

  it("reads a body to its end, and errors when the client goes away mid-body", async () => {
    const req = buffered();
    req.end();
    let bytes = 0;
    for await (const chunk of requestBody(
      req as unknown as IncomingMessage,
    ) as unknown as AsyncIterable<Uint8Array>)
      bytes += chunk.byteLength;
    expect(bytes).toBe(50 * 16 * 1024);
    const cut = new PassThrough();
    cut.write(Buffer.alloc(10));
    const reader = requestBody(cut as unknown as IncomingMessage).getReader();
    expect((await reader.read()).value?.byteLength).toBe(10);
    cut.destroy();
    await expect(reader.read()).rejects.toThrow(/went away mid-body/);
  });
});
