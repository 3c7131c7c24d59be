// The webhook's front door (lib/http/ingest-front.ts): POST /api/v1/events answered straight from Node's HTTP
// server, as scripts/server.mjs serves it, over real HTTP and real PostgreSQL: the protocol's answers, the API's
// security headers, a connection closed after an unread body, and a client that goes away mid-body. Each case
// runs twice: the handler on the server thread (FLEETWATCH_INGEST_FRONT=on) and in the ingest thread
// (lib/http/ingest-thread.ts, the default), which has its own cases at the end.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { gzipSync } from "node:zlib";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, getDbHandle } from "@/db/client";
import { event, job } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { wantsPrimary } from "@/lib/db-routing/marker";
import { env } from "@/lib/env";
import { isIngestRequest, serveIngest } from "@/lib/http/ingest-front";
import {
  ingestThreadCounts,
  ingestThreadRunning,
  serveIngestInThread,
  startIngestThread,
  stopIngestThread,
} from "@/lib/http/ingest-thread";
import { MAX_BODY_BYTES } from "@/lib/ingest/protocol";
import { signBody } from "@/lib/ingest/signature";
import { createTestProject } from "../helpers/db";
import { minutesAgo } from "../helpers/ingest-routes";
import { projected } from "../helpers/projections";

let handle: DbHandle;
let server: http.Server;
let base = "";
let projectId = "";
let key = "";
let keyId = "";
// where the front's requests are answered: this thread, or the ingest thread
let mode: "on" | "thread" = "on";
beforeAll(async () => {
  handle = await getDbHandle();
  projectId = (await createTestProject(handle)).id;
  const created = await createApiKey({ db: handle.db, projectId, name: "front", scopes: ["ingest"] });
  key = created.key;
  keyId = created.record.id;
  // what scripts/server.mjs does with a request the front takes (the rest would go to Next.js: here a 404)
  server = http.createServer((req, res) => {
    if (!isIngestRequest(req.method, req.url)) res.writeHead(404).end("not the front's");
    else if (mode === "thread") serveIngestInThread(req, res);
    else void serveIngest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopIngestThread();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await handle.close();
});

const started = (id: string, jobId: string) => ({
  id,
  type: "job.started",
  time: minutesAgo(5),
  job: jobId,
  agent: "front-agent",
  data: { harness: "claude-code", model: "claude-sonnet-4-5", title: `Job ${jobId}` },
});

const post = (body: string | Buffer, headers: Record<string, string> = {}, path = "/api/v1/events") =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });

function expectApiHeaders(res: Response) {
  // next.config.ts's /api headers: the front sends the same
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
}

describe.each([
  ["on the server thread", "on"],
  ["in the ingest thread", "thread"],
] as const)("the ingest front, %s", (_, where) => {
  // the events of each run under ids of their own
  const ev = (id: string) => `${where}-${id}`;
  beforeAll(async () => {
    mode = where;
    if (where === "thread") expect(await startIngestThread()).toBe(true);
  });

  it("takes only POST /api/v1/events, with or without a query", () => {
    expect(isIngestRequest("POST", "/api/v1/events")).toBe(true);
    expect(isIngestRequest("POST", "/api/v1/events?project=a")).toBe(true);
    for (const [method, target] of [
      ["GET", "/api/v1/events"],
      ["PUT", "/api/v1/events"],
      ["POST", "/api/v1/events/"],
      ["POST", "/api/v1/eventsx"],
      ["POST", "/api/v1/events/e1"],
      ["POST", "/api/v1/events%3F"],
      ["POST", "http://evil.test/api/v1/events"],
      ["POST", undefined],
    ] as const)
      expect(isIngestRequest(method, target), `${method} ${target}`).toBe(false);
  });

  it("commits and acknowledges an event, then answers its redelivery as a duplicate", async () => {
    const body = JSON.stringify({ events: [started(ev("front-e1"), ev("front-j1"))] });
    const res = await post(body);
    expect(res.status).toBe(200);
    expectApiHeaders(res);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
    // the 2xx means committed: the raw event is there before any projection
    const rows = await handle.db
      .select({ id: event.id })
      .from(event)
      .where(and(eq(event.projectId, projectId), eq(event.id, ev("front-e1"))));
    expect(rows).toHaveLength(1);
    const again = await post(body);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await projected(handle.db, projectId);
    const jobs = await handle.db
      .select({ title: job.title })
      .from(job)
      .where(and(eq(job.projectId, projectId), eq(job.externalId, ev("front-j1"))));
    expect(jobs).toEqual([{ title: `Job ${ev("front-j1")}` }]);
  });

  it("reads a gzip body, and checks a signing key's signature on the bytes sent", async () => {
    const gz = await post(gzipSync(JSON.stringify({ events: [started(ev("front-e2"), ev("front-j2"))] })), {
      "content-encoding": "gzip",
    });
    expect(await gz.json()).toMatchObject({ accepted: 1 });
    const signed = await createApiKey({
      db: handle.db,
      projectId,
      name: `front-signed-${where}`,
      scopes: ["ingest"],
      signed: true,
    });
    const body = JSON.stringify({ events: [started(ev("front-e3"), ev("front-j3"))] });
    const auth = { authorization: `Bearer ${signed.key}` };
    const unsigned = await post(body, auth);
    expect(unsigned.status).toBe(403);
    const ok = await post(body, {
      ...auth,
      "fleetwatch-signature": signBody(signed.signingSecret ?? "", body),
    });
    expect(ok.status).toBe(200);
  });

  it("refuses bad requests with the API's errors and headers", async () => {
    const noKey = await fetch(`${base}/api/v1/events`, { method: "POST", body: "{}" });
    expect(noKey.status).toBe(401);
    expectApiHeaders(noKey);
    expect(await noKey.json()).toMatchObject({ error: { code: "unauthorized" } });
    const notJson = await post("{nope");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { message: "The body is not valid JSON." } });
    const text = await post("{}", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    const empty = await post(JSON.stringify({ events: [] }));
    expect(empty.status).toBe(400);
  });

  it("closes the connection after a body it did not read, and keeps serving", async () => {
    // a declared length over the cap: 413 before a byte of the body is read
    const reply = await rawRequest(
      `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n{"events":[`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/\r\nconnection: close\r\n/i);
    expect(reply).toMatch(/payload_too_large/);
    const after = await post(JSON.stringify({ events: [started(ev("front-e4"), ev("front-j4"))] }));
    expect(after.status).toBe(200);
  });

  it("answers 413 to a body over the limit sent without a length (plain or a gzip bomb), and keeps serving", async () => {
    const head = (gzip: boolean) =>
      `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
      `Content-Type: application/json\r\n${gzip ? "Content-Encoding: gzip\r\n" : ""}Transfer-Encoding: chunked\r\n\r\n`;
    const chunked = (data: Buffer) =>
      Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]);
    // 6 chunks of 1 MiB: past the 5 MiB limit while still arriving
    const mib = chunked(Buffer.alloc(1024 * 1024, "a"));
    // 8 MiB of JSON in ~8 KiB of gzip, cut into 1 KiB chunks: past the limit once decoded, with more to decode
    const bomb = gzipSync(`{"events":[${'{"id":"x"},'.repeat(800_000)}`);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const bombChunks = Array.from({ length: Math.ceil(bomb.length / 1024) }, (_, i) =>
      chunked(bomb.subarray(i * 1024, (i + 1) * 1024)),
    );
    for (const [gzip, body] of [
      [false, Buffer.concat(Array.from({ length: 6 }, () => mib))],
      [true, Buffer.concat(bombChunks)],
    ] as const) {
      const reply = await rawRequest(Buffer.concat([Buffer.from(head(gzip)), body]));
      expect(reply).toMatch(/^HTTP\/1\.1 413 /);
      expect(reply).toMatch(/\r\nconnection: close\r\n/i);
      expect(reply).toMatch(/payload_too_large/);
    }
    const after = await post(JSON.stringify({ events: [started(ev("front-e6"), ev("front-j6"))] }));
    expect(after.status).toBe(200);
  });

  it("survives a client that goes away halfway through its body", async () => {
    const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    socket.write(
      `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"events":[{"id":"${ev("half")}`,
    );
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const rows = await handle.db
      .select({ id: event.id })
      .from(event)
      .where(and(eq(event.projectId, projectId), eq(event.id, ev("half"))));
    expect(rows).toHaveLength(0);
    const after = await post(JSON.stringify({ events: [started(ev("front-e5"), ev("front-j5"))] }));
    expect(after.status).toBe(200);
  });
});

describe("the ingest thread", () => {
  beforeAll(async () => {
    mode = "thread";
    if (!ingestThreadRunning()) expect(await startIngestThread()).toBe(true);
  });
  const stored = async (ids: string[]) =>
    (
      await handle.db
        .select({ id: event.id })
        .from(event)
        .where(and(eq(event.projectId, projectId), inArray(event.id, ids)))
    ).length;

  it("answers through the thread and wakes this thread's projector", async () => {
    const before = ingestThreadCounts();
    const res = await post(JSON.stringify({ events: [started("thread-kick", "thread-kick-j")] }));
    expect(res.status).toBe(200);
    const after = ingestThreadCounts();
    expect(after.answers).toBe(before.answers + 1);
    // the kick comes as its own message (at most one per 5 ms): wait for it
    for (let i = 0; i < 50 && ingestThreadCounts().kicks === before.kicks; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(ingestThreadCounts().kicks).toBeGreaterThan(before.kicks);
  });

  it("runs at a lower scheduling priority than the server thread (FLEETWATCH_THREAD_NICE)", () => {
    expect(process.platform).toBe("linux");
    // field 19 of /proc/<pid>/task/<tid>/stat is the nice value (16 after the command's closing parenthesis)
    const nice = (stat: string) => Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    const tasks = fs.readdirSync("/proc/self/task");
    const niced = tasks.filter((t) => nice(fs.readFileSync(`/proc/self/task/${t}/stat`, "utf8")) === 10);
    expect(env.FLEETWATCH_THREAD_NICE).toBe(10);
    expect(niced.length).toBeGreaterThanOrEqual(1);
    expect(nice(fs.readFileSync("/proc/thread-self/stat", "utf8"))).toBe(0);
  });

  it("takes a body of many chunks (over 64 KiB) whole", async () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({
      ...started(`thread-big-${i}`, `thread-big-j${i % 10}`),
      type: "job.message",
      data: { role: "assistant", text: `step ${i}: ${"x".repeat(100)}` },
    }));
    const body = JSON.stringify({ events });
    expect(body.length).toBeGreaterThan(128 * 1024);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 1000, rejected: 0 });
    expect(await stored(events.map((e) => e.id))).toBe(1000);
  });

  it("answers 413 to a body over the limit sent without a length, and closes the connection", async () => {
    const head =
      `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    // 6 chunks of 1 MiB: past the 5 MiB limit while still arriving
    const mib = `100000\r\n${"a".repeat(1024 * 1024)}\r\n`;
    const reply = await rawRequest(head + mib.repeat(6));
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/\r\nconnection: close\r\n/i);
    expect((await post(JSON.stringify({ events: [started("thread-after-413", "thread-j")] }))).status).toBe(
      200,
    );
  });

  it("marks the key's writes for read-your-writes on the server thread, where its reads are served", async () => {
    const other = await createApiKey({ db: handle.db, projectId, name: "front-marks", scopes: ["ingest"] });
    expect(wantsPrimary({ apiKeyId: other.record.id })).toBe(false);
    const res = await post(JSON.stringify({ events: [started("thread-mark", "thread-j")] }), {
      authorization: `Bearer ${other.key}`,
    });
    expect(res.status).toBe(200);
    expect(wantsPrimary({ apiKeyId: other.record.id })).toBe(true);
    expect(wantsPrimary({ apiKeyId: keyId })).toBe(true);
  });

  it("answers 503 to a request in flight when the thread stops, then serves on the server thread", async () => {
    // a request whose body is still arriving when the thread goes
    const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    let reply = "";
    socket.on("data", (d) => {
      reply += d.toString("latin1");
    });
    const closed = new Promise((r) => socket.once("close", r));
    socket.write(
      `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"events":[{"id":"thread-cut`,
    );
    await new Promise((r) => setTimeout(r, 200));
    await stopIngestThread();
    await closed;
    expect(reply).toMatch(/^HTTP\/1\.1 503 /);
    expect(reply).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(reply).toMatch(/"code":"unavailable"/);
    expect(ingestThreadRunning()).toBe(false);
    const res = await post(JSON.stringify({ events: [started("thread-fallback", "thread-j")] }));
    expect(res.status).toBe(200);
    expect(await stored(["thread-fallback", "thread-cut"])).toBe(1);
  });
});

/** Sends `text` on a fresh connection and returns what comes back until the server closes it (or 5 s). */
function rawRequest(text: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    let reply = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 5 s; got: ${reply}`));
    }, 5000);
    socket.on("data", (d) => {
      reply += d.toString("latin1");
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(reply);
    });
    socket.on("error", () => {});
    socket.write(text);
  });
}
