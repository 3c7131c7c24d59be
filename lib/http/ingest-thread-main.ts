// Inside the ingest thread (scripts/ingest-thread.mjs, started by lib/http/ingest-thread.ts): the webhook's route
// handler on its own event loop, with its own pool on the server's database. The server thread hands it each
// POST /api/v1/events (target, headers, body chunks) and writes back the answer it returns. What the handler
// would change in the server thread's memory goes there as messages: the projector's kick (the projector
// thread belongs to the server thread) and a key's read-your-writes mark (its reads are served there).
import type { MessagePort } from "node:worker_threads";
import { type DbHandle, openDatabase } from "@/db/client";
import { markSender, onKeyWrite } from "@/lib/db-routing/marker";
import { env } from "@/lib/env";
import { forwardProjectorKicks } from "@/lib/ingest/projector-thread";
import { lowerThreadPriority } from "@/lib/startup/thread-priority";
import { answerIngest, type IngestAnswer, ingestRequest } from "./ingest-front";
import { outbox } from "./thread-outbox";

/** The thread's connections in pg_stat_activity. */
export const INGEST_APPLICATION_NAME = "fleetwatch-ingest";

export type IngestThreadData = { url: string; connections: number };

/**
 * Server thread -> ingest thread, in batches (each postMessage carries an array of these, lib/http/thread-outbox.ts).
 * A body that fits in one message comes whole with its request.
 */
export type ToIngestThread =
  | { t: "request"; id: number; target: string; headers: [string, string][]; body: Uint8Array; end: boolean }
  | { t: "chunk"; id: number; data: Uint8Array }
  | { t: "end"; id: number }
  | { t: "abort"; id: number }
  | { t: "stop" };

/** Ingest thread -> server thread, in batches as well. */
export type FromIngestThread =
  | { t: "ready" }
  | ({ t: "answer"; id: number } & IngestAnswer)
  | { t: "kick" }
  | { t: "mark"; apiKeyId: string };

// db/client.ts's getDb() returns this handle in this thread (the server thread migrated the database already)
const DB_KEY = Symbol.for("fleetwatch.db");

export async function runIngestThread(port: MessagePort | null, data: IngestThreadData): Promise<void> {
  if (!port) throw new Error("the ingest thread runs as a worker thread");
  // pages and the read API (the server thread) come first when both want a core (lib/startup/thread-priority.ts)
  lowerThreadPriority(env.FLEETWATCH_THREAD_NICE);
  const handle: DbHandle = await openDatabase({
    url: data.url,
    max: data.connections,
    applicationName: INGEST_APPLICATION_NAME,
  });
  (globalThis as { [DB_KEY]?: Promise<DbHandle> })[DB_KEY] = Promise.resolve(handle);
  const out = outbox<FromIngestThread>((messages, transfer) => port.postMessage(messages, transfer));
  const send = out.send;
  forwardProjectorKicks(handle.db, { postMessage: () => send({ t: "kick" }) });
  onKeyWrite(markSender((apiKeyId) => send({ t: "mark", apiKeyId })));

  // the bodies still arriving, by request
  const bodies = new Map<number, ReadableStreamDefaultController<Uint8Array>>();
  const answer = async (id: number, request: Request) => {
    const a = await answerIngest(request);
    bodies.delete(id);
    const body = a.body.buffer as ArrayBuffer;
    send({ t: "answer", id, ...a }, [body]);
  };
  const receive = (m: ToIngestThread) => {
    switch (m.t) {
      case "request": {
        let body: ReadableStream<Uint8Array> | Uint8Array = m.body;
        if (!m.end) {
          body = new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(m.body);
              bodies.set(m.id, controller);
            },
            cancel() {
              bodies.delete(m.id);
            },
          });
        }
        void answer(m.id, ingestRequest(m.target, m.headers, body));
        break;
      }
      case "chunk":
        bodies.get(m.id)?.enqueue(m.data);
        break;
      case "end":
        bodies.get(m.id)?.close();
        bodies.delete(m.id);
        break;
      case "abort":
        bodies.get(m.id)?.error(new Error("the client went away mid-body"));
        bodies.delete(m.id);
        break;
      case "stop":
        out.flush();
        void handle.close().finally(() => port.close());
        break;
    }
  };
  port.on("message", (batch: ToIngestThread[]) => {
    for (const m of batch) receive(m);
  });
  send({ t: "ready" });
}
