// POST /api/v1/import's engine on the request thread: streams the body into a worker thread with a byte cap,
// and feeds the events the worker sends back, batch by batch, to the caller (the ingest write path). The
// request thread only moves bytes and stores batches, so a 50 MB upload, garbage or not, leaves the server
// answering other requests.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ApiError } from "@/lib/http/errors";
import { chunksOf } from "@/lib/http/ingest-gate";
import { MAX_LINE_BYTES } from "@/lib/importers/lines";
import type { RawEvent } from "@/lib/importers/types";
import { importBodyStream } from "./body";
import type { FromWorker, Skipped, ToWorker, WorkerInput } from "./messages";

/**
 * Events per ingestBatch call. Validating, redacting and writing a batch is work on the request thread (the
 * webhook's write path); 250 keeps each piece short so other requests run between batches.
 */
export const BATCH_SIZE = 250;
/** The request thread hands bytes over in slices of this, and stays at most AHEAD_BYTES ahead. */
const SLICE_BYTES = 1024 * 1024;
const AHEAD_BYTES = 4 * 1024 * 1024;
/** Imports running at once in this process; each holds its file and events in memory. */
const MAX_RUNNING = 2;
const WORKER_HEAP_MB = 1024;
/** A worker that has not answered by then is stopped (the caps above make this a backstop). */
const WORKER_TIMEOUT_MS = 120_000;

// The app's root: `next start` and the tests run there. `next build` follows this path and emits the worker's
// entry as a chunk of its own; the entry then loads the TypeScript worker-main.ts from `root` (worker.mjs).
const ROOT = process.cwd();
const WORKER_FILE = path.join(process.cwd(), "lib", "import", "worker.mjs");

let running = 0;

export type ImportOutcome = {
  format: string | null;
  sessionId: string | null;
  events: number;
  skipped: Skipped[];
  /** The size of the file read, in bytes. */
  bytes: number;
};

export async function runImport({
  body,
  mode,
  fileName,
  agent,
  maxBytes,
  maxLineBytes = MAX_LINE_BYTES,
  closeUnendedBefore,
  onBatch,
}: {
  /** The request to stream, or its body already read (a signed upload, verified by the route's gate). */
  body: Request | Buffer;
  mode: WorkerInput["mode"];
  fileName: string;
  agent?: string;
  maxBytes: number;
  maxLineBytes?: number;
  /** Sessions with no end whose last event is older than this are closed as abandoned. */
  closeUnendedBefore?: Date;
  onBatch: (events: RawEvent[]) => Promise<void>;
}): Promise<ImportOutcome> {
  // Checks the headers (type, encoding, declared length) before a worker is started.
  const chunks = Buffer.isBuffer(body) ? chunksOf(body) : importBodyStream(body, { maxBytes });
  if (running >= MAX_RUNNING) {
    await chunks.return(undefined);
    throw new ApiError(
      503,
      "busy",
      `${MAX_RUNNING} imports are already running on this server; retry in a few seconds.`,
      undefined,
      { "Retry-After": "5" },
    );
  }
  running++;
  const workerData: WorkerInput = {
    root: ROOT,
    mode,
    fileName,
    agent,
    maxLineBytes: Math.min(maxLineBytes, maxBytes),
    batchSize: BATCH_SIZE,
    closeUnendedBefore: closeUnendedBefore?.toISOString(),
  };
  let worker: Worker | null = null;
  let inbox: Inbox | null = null;
  try {
    // A heap of its own: a file that needs more memory than this fails alone, not the server.
    worker = new Worker(WORKER_FILE, {
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    inbox = new Inbox(worker);
    let sent = 0;
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.byteLength; at += SLICE_BYTES) {
        // A copy of exactly these bytes, transferred: posting a view would clone its whole buffer (and a
        // Buffer's slice() is a view, hence Uint8Array's).
        const bytes = Uint8Array.prototype.slice.call(chunk, at, at + SLICE_BYTES);
        sent += bytes.byteLength; // before the transfer empties it
        worker.postMessage({ kind: "chunk", bytes } satisfies ToWorker, [bytes.buffer]);
        // Stay at most AHEAD_BYTES ahead of the worker, so its refusal (a line too long) stops the read;
        // and let other requests run between slices of one big chunk (a body given as one buffer).
        await inbox.acked(sent - AHEAD_BYTES);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    worker.postMessage({ kind: "end" } satisfies ToWorker);
    const head = await inbox.next();
    if (head.kind !== "result") throw new Error(`import worker sent ${head.kind} before its result`);
    inbox.close(); // the worker has sent everything with its result: storing the batches is not its time
    for (;;) {
      const m = await inbox.next();
      if (m.kind === "done") break;
      if (m.kind === "batch") await onBatch(m.events);
    }
    return {
      format: head.format,
      sessionId: head.sessionId,
      events: head.events,
      skipped: head.skipped,
      bytes: sent,
    };
  } finally {
    running--;
    inbox?.close();
    await chunks.return(undefined); // cancels the body when we stopped early
    void worker?.terminate();
  }
}

/** The worker's messages in order; a `fail` message or a crash becomes the error next() throws. */
class Inbox {
  private queue: FromWorker[] = [];
  private ackedBytes = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(worker: Worker) {
    worker.on("message", (m: FromWorker) => {
      if (m.kind === "fail") this.failure ??= new ApiError(m.status, m.code, m.message);
      else if (m.kind === "ack") this.ackedBytes = m.bytes;
      else this.queue.push(m);
      this.wake?.();
    });
    worker.on("error", (e: Error & { code?: string }) => {
      this.failure ??=
        e.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new ApiError(
              413,
              "payload_too_large",
              `Reading this file needs more than ${WORKER_HEAP_MB} MB of memory. Import it with npm run import.`,
            )
          : e;
      this.wake?.();
    });
    worker.on("exit", (code) => {
      this.failure ??= new Error(`import worker exited (${code})`);
      this.wake?.();
    });
    this.timer = setTimeout(() => {
      this.failure ??= new ApiError(
        422,
        "import_timeout",
        `The file took longer than ${WORKER_TIMEOUT_MS / 1000} s to read. Import it with npm run import.`,
      );
      this.wake?.();
    }, WORKER_TIMEOUT_MS);
  }

  throwIfFailed() {
    if (this.failure) throw this.failure;
  }

  /** Resolves once the worker has read `bytes` bytes; throws its failure. */
  async acked(bytes: number): Promise<void> {
    for (;;) {
      this.throwIfFailed();
      if (this.ackedBytes >= bytes) return;
      await this.sleep();
    }
  }

  private sleep() {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    }).then(() => {
      this.wake = null;
    });
  }

  async next(): Promise<FromWorker> {
    for (;;) {
      const m = this.queue.shift();
      if (m) return m;
      this.throwIfFailed();
      await this.sleep();
    }
  }

  close() {
    clearTimeout(this.timer);
  }
}
