// The ingest thread (issue 16, ADR 0040): scripts/server.mjs hands every POST /api/v1/events the ingest front
// takes (lib/http/ingest-front.ts) to a worker thread that runs the route's handler (key check, rate limit,
// validation, the append) on its own event loop, so that a fleet's hooks do not queue the console's pages behind
// them on the server thread, nor the other way round. The server thread only parses HTTP, passes the target,
// headers and body on (one message for a body declared up to 64 KiB, else chunks as they arrive) and writes the
// answer back. FLEETWATCH_INGEST_FRONT=thread (the default); until the thread is up, or if it dies (it is started again
// after RESTART_AFTER_MS), the front answers on the server thread as with `on`.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { getDbHandle } from "@/db/client";
import { markKeyWrite } from "@/lib/db-routing/marker";
import { env } from "@/lib/env";
import { kickProjector } from "@/lib/ingest/projector-loop";
import { MAX_BODY_BYTES } from "@/lib/ingest/protocol";
import { logger } from "@/lib/logger";
import { type IngestAnswer, requestHeaders, serveIngest, writeIngestAnswer } from "./ingest-front";
import type { FromIngestThread, IngestThreadData, ToIngestThread } from "./ingest-thread-main";
import { type Outbox, outbox } from "./thread-outbox";

/** A body up to this size goes with its request in one message. */
const WHOLE_BODY_BYTES = 64 * 1024;
// Past this many bytes nothing more is read: the route has seen more than the limit of a plain body (413); a gzip
// body this large that still decoded under the limit is not JSON, and the route sees it cut off (400).
const FORWARD_CAP = MAX_BODY_BYTES + WHOLE_BODY_BYTES;
const RESTART_AFTER_MS = 5000;
const CONNECTIONS = 10;

type Pending = { req: IncomingMessage; res: ServerResponse };
const state = {
  worker: null as Worker | null,
  /** What goes to the worker, a batch per turn of this thread's event loop. */
  out: null as Outbox<ToIngestThread> | null,
  ready: false,
  stopping: false,
  nextId: 0,
  pending: new Map<number, Pending>(),
  /** Answers the thread sent, and projector kicks it passed on (its projector is the server thread's). */
  answers: 0,
  kicks: 0,
};

const UNAVAILABLE: IngestAnswer = {
  status: 503,
  headers: [
    ["content-type", "application/json"],
    ["retry-after", "1"],
  ],
  body: new TextEncoder().encode(
    JSON.stringify({
      error: {
        code: "unavailable",
        message:
          "The server's ingest thread stopped while answering. Retry: events are stored once by id, so a retry never doubles what may have been stored.",
      },
    }),
  ),
};

/** Whether requests go to the thread now (else serveIngestInThread answers on this thread). */
export function ingestThreadRunning(): boolean {
  return state.ready;
}

/** What the thread did so far in this process. */
export function ingestThreadCounts(): { answers: number; kicks: number } {
  return { answers: state.answers, kicks: state.kicks };
}

/** Starts the thread when FLEETWATCH_INGEST_FRONT=thread; resolves true once it answers requests. */
export async function startIngestThread(): Promise<boolean> {
  if (env.FLEETWATCH_INGEST_FRONT !== "thread" || state.worker) return false;
  state.stopping = false;
  const main = await getDbHandle();
  const data: IngestThreadData = { url: main.url, connections: CONNECTIONS };
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(path.join(process.cwd(), "scripts", "ingest-thread.mjs"), {
        workerData: data,
        name: "fleetwatch-ingest",
      });
    } catch (err) {
      logger.error({ err }, "ingest thread: could not start; the server thread answers the webhook");
      resolve(false);
      return;
    }
    state.worker = worker;
    state.out = outbox<ToIngestThread>((messages, transfer) => worker.postMessage(messages, transfer));
    const receive = (m: FromIngestThread) => {
      switch (m.t) {
        case "ready":
          state.ready = true;
          logger.info("ingest thread: answering the webhook");
          resolve(true);
          break;
        case "answer": {
          const p = state.pending.get(m.id);
          state.pending.delete(m.id);
          state.answers++;
          if (p) writeIngestAnswer(p.req, p.res, m);
          break;
        }
        case "kick":
          state.kicks++;
          kickProjector(main.db);
          break;
        case "mark":
          markKeyWrite(m.apiKeyId);
          break;
      }
    };
    worker.on("message", (batch: FromIngestThread[]) => {
      for (const m of batch) receive(m);
    });
    worker.on("error", (err) => logger.error({ err }, "ingest thread failed"));
    worker.on("exit", (code) => {
      const wasReady = state.ready;
      state.worker = null;
      state.out = null;
      state.ready = false;
      // what the thread had not answered: not acknowledged (a retry is safe, events are deduplicated by id)
      for (const p of state.pending.values()) writeIngestAnswer(p.req, p.res, UNAVAILABLE);
      state.pending.clear();
      if (state.stopping) return;
      logger.error(
        { code },
        `ingest thread ${wasReady ? "exited" : "could not start"}; the server thread answers the webhook, trying again in ${RESTART_AFTER_MS / 1000} s`,
      );
      resolve(false);
      setTimeout(() => void startIngestThread(), RESTART_AFTER_MS).unref();
    });
    worker.unref();
  });
}

/** Stops the thread (requests it has not answered get a 503); shutdown and tests. */
export async function stopIngestThread(): Promise<void> {
  const worker = state.worker;
  if (!worker) return;
  state.stopping = true;
  state.ready = false;
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  // after what is queued (the requests of this turn)
  state.out?.send({ t: "stop" });
  state.out?.flush();
  await exited;
}

/** A copy of the chunks in an ArrayBuffer of their own (one that can be transferred, unlike a pooled Buffer's). */
function own(chunks: Buffer[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Answers one POST /api/v1/events through the thread, or on this thread while it is not running. */
export function serveIngestInThread(req: IncomingMessage, res: ServerResponse): void {
  const out = state.out;
  if (!out || !state.ready) {
    void serveIngest(req, res);
    return;
  }
  const id = ++state.nextId;
  state.pending.set(id, { req, res });
  const post = (message: ToIngestThread, body?: Uint8Array) =>
    out.send(message, body ? [body.buffer as ArrayBuffer] : []);
  const answered = () => !state.pending.has(id);
  const target = req.url ?? "/api/v1/events";
  const headers = requestHeaders(req);
  // chunks held until the request goes (null once it went)
  let held: Buffer[] | null = [];
  let heldBytes = 0;
  let read = 0;
  const sendRequest = (end: boolean) => {
    const body = own(held ?? [], heldBytes);
    held = null;
    post({ t: "request", id, target, headers, body, end }, body);
  };
  // A body declared small goes whole with its request once it is all here (one message each way: the hook's
  // case). Any other (declared large, chunked) goes at once and its chunks follow, so the route can answer
  // before the body is read (a 413 on the declared length, a 401) as it does on the server thread.
  const declared = Number(req.headers["content-length"]);
  if (!(declared <= WHOLE_BODY_BYTES) || req.headers["transfer-encoding"] !== undefined) sendRequest(false);
  req.on("data", (chunk: Buffer) => {
    if (answered() || read > FORWARD_CAP) return; // answered early (401, 413...), or cut: the rest is not wanted
    read += chunk.length;
    if (held) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes > WHOLE_BODY_BYTES) sendRequest(false);
    } else {
      const data = own([chunk], chunk.length);
      post({ t: "chunk", id, data }, data);
    }
    if (read > FORWARD_CAP) {
      // what went is over the limit: the body ends there for the route (a 413 for a plain body; an abort would
      // discard chunks it has not read yet, and could turn the 413 into a 400)
      req.pause();
      post({ t: "end", id });
    }
  });
  req.on("end", () => {
    if (answered() || read > FORWARD_CAP) return;
    if (held) sendRequest(true);
    else post({ t: "end", id });
  });
  res.on("close", () => {
    if (answered()) return;
    // the client went away before the answer: a request the thread never saw is dropped; one it is reading
    // is cut off (the route answers a 400 nobody reads, and stores nothing)
    if (held) state.pending.delete(id);
    else if (!req.complete) post({ t: "abort", id });
  });
}
