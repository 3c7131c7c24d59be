// send(): what a client control shows when a change fails, against a real HTTP server on loopback: the
// server's own message, else the status in words, else "did not answer"; a success gives the parsed answer.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson } from "./get-json";
import { NO_ANSWER, send } from "./send";

describe("send", () => {
  let server: Server;
  let base = "";
  const seen: { method?: string; type?: string; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        seen.push({ method: req.method, type: req.headers["content-type"], body });
        if (req.url === "/refused") {
          res.writeHead(409, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { code: "conflict", message: "The issue changed after that." } }));
        } else if (req.url === "/proxy-error") {
          res.writeHead(502, "Bad Gateway", { "content-type": "text/html" }).end("<h1>502</h1>");
        } else if (req.url === "/gone") {
          res.writeHead(204).end();
        } else {
          res
            .writeHead(200, { "content-type": "application/json" })
            .end(JSON.stringify({ state: "resolved" }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("gives the answer, and sends a body as JSON", async () => {
    expect(await send(`${base}/ok`, "POST", { action: "resolve" })).toEqual({
      ok: true,
      data: { state: "resolved" },
    });
    expect(seen.at(-1)).toEqual({ method: "POST", type: "application/json", body: '{"action":"resolve"}' });
    expect(await send(`${base}/gone`, "DELETE")).toEqual({ ok: true, data: null });
  });

  it("gives the server's message when it refuses, the status in words when it has none", async () => {
    expect(await send(`${base}/refused`, "POST", {})).toEqual({
      ok: false,
      error: "The issue changed after that.",
      status: 409,
    });
    expect(await send(`${base}/proxy-error`, "PATCH", {})).toEqual({
      ok: false,
      error: "That did not work (HTTP 502 Bad Gateway).",
      status: 502,
    });
  });

  it("says the server did not answer when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await send(`http://127.0.0.1:${port}/x`, "DELETE")).toEqual({
      ok: false,
      error: NO_ANSWER,
      status: null,
    });
  });

  it("getJson: the answer, else the API's message, else what failed in words, else no answer", async () => {
    expect(await getJson(`${base}/ok`)).toEqual({ state: "resolved" });
    await expect(getJson(`${base}/refused`)).rejects.toThrow("The issue changed after that.");
    await expect(getJson(`${base}/proxy-error`, "jobs")).rejects.toThrow("Loading jobs failed (HTTP 502).");
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(getJson(`http://127.0.0.1:${port}/x`)).rejects.toThrow(NO_ANSWER);
  });
});
