// A real HTTP server on 127.0.0.1 and real requests: each one gives exactly one line with what was served.
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRequestLog, loggablePath, type RequestLogFields } from "./request-log";

type Line = { level: "info" | "debug"; fields: RequestLogFields; message: string };

describe("request log", () => {
  const lines: Line[] = [];
  let base = "";
  let port = 0;
  const server = createServer(async (req, res) => {
    const path = req.url ?? "/";
    if (path.startsWith("/slow")) await sleep(60);
    if (path.startsWith("/hang")) return; // never answers: the client gives up
    res.statusCode = path.startsWith("/api/v1/events") ? 401 : path.startsWith("/missing") ? 404 : 200;
    res.end("ok");
  });
  // Lines of the last request arrive when its response closes, right after the client has its answer.
  const settled = async (count: number) => {
    for (let i = 0; i < 100 && lines.length < count; i++) await sleep(10);
    return lines;
  };

  beforeAll(async () => {
    installRequestLog({
      info: (fields, message) => lines.push({ level: "info", fields, message }),
      debug: (fields, message) => lines.push({ level: "debug", fields, message }),
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("one info line per request with method, path without its query, status and duration", async () => {
    lines.length = 0;
    await (await fetch(`${base}/jobs?project=default&token=s3cret`)).text();
    await (await fetch(`${base}/api/v1/events`, { method: "POST", body: "{}" })).text();
    await (await fetch(`${base}/missing`)).text();
    await (await fetch(`${base}/slow`)).text();
    await settled(4);
    expect(lines.map((l) => [l.level, l.fields.method, l.fields.path, l.fields.status])).toEqual([
      ["info", "GET", "/jobs", 200],
      ["info", "POST", "/api/v1/events", 401],
      ["info", "GET", "/missing", 404],
      ["info", "GET", "/slow", 200],
    ]);
    // /slow waited 60 ms before answering; the others answered at once
    expect(lines[3]?.fields.durationMs).toBeGreaterThanOrEqual(55);
    expect(lines[3]?.message).toMatch(/^GET \/slow 200 \d+(\.\d)?ms$/);
    expect(JSON.stringify(lines)).not.toContain("s3cret");
  });

  it("secret link segments are redacted; build assets go to debug; an abandoned request is marked aborted", async () => {
    lines.length = 0;
    await (await fetch(`${base}/invite/inv-SECRET`)).text();
    await (await fetch(`${base}/reset/rst-SECRET?x=1`)).text();
    await (await fetch(`${base}/_next/static/chunks/app.js`)).text();
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/hang" });
      req.on("error", () => resolve());
      req.end();
      setTimeout(() => req.destroy(), 50);
    });
    await settled(4);
    expect(lines.map((l) => [l.level, l.fields.path, l.fields.aborted ?? false])).toEqual([
      ["info", "/invite/[redacted]", false],
      ["info", "/reset/[redacted]", false],
      ["debug", "/_next/static/chunks/app.js", false],
      ["info", "/hang", true],
    ]);
    expect(JSON.stringify(lines)).not.toContain("SECRET");
  });

  it("loggablePath keeps only the path", () => {
    expect(loggablePath("/a/b?c=d#e")).toBe("/a/b");
    expect(loggablePath("http://proxy.example/x/y?z=1")).toBe("/x/y");
    expect(loggablePath("/api/auth/reset-password/tok?callbackURL=/")).toBe(
      "/api/auth/reset-password/[redacted]",
    );
    expect(loggablePath(undefined)).toBe("/");
    expect(loggablePath("*")).toBe("/");
    expect(loggablePath(`/${"a".repeat(400)}`)).toHaveLength(301);
  });
});
