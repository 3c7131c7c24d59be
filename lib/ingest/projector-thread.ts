// The server's projector runs in a worker thread (FLEETWATCH_PROJECTOR=thread, the default): folding a batch
// of events is mostly JavaScript (classification, fingerprints, transcript entries), and on the request thread
// each batch would hold up every request queued behind it. The thread has its own event loop and connections;
// the request thread only posts it a "kick" after each append. If the thread cannot start or dies, the server
// projects in-process again (projector-loop.ts), so events are never left unprojected.
import path from "node:path";
import type { Worker } from "node:worker_threads";
import type { DbHandle } from "@/db/client";
import { logger } from "@/lib/logger";
import { processGlobal } from "@/lib/process-global";
import type { ProjectorThreadData, ProjectorThreadMessage } from "./projector-thread-main";

const registry = () => processGlobal("projectorThreads", () => new Map<unknown, Worker>());

/** Whatever takes this thread's kicks for `db`: the projector thread, or the thread that started this one. */
type Kickable = { postMessage: (message: ProjectorThreadMessage) => void };
const forwarders = () => processGlobal("projectorKickForwarders", () => new Map<unknown, Kickable>());

/**
 * In a thread that appends but does not project (the ingest thread, lib/http/ingest-thread.ts): its kicks for
 * `db` go to `target` (the server thread, which wakes its projector) instead of starting a projector here.
 */
export function forwardProjectorKicks(db: unknown, target: Kickable): void {
  forwarders().set(db, target);
}

/** The worker projecting for `db` in this process, if one runs. */
export function projectorThreadFor(db: unknown): Worker | undefined {
  return registry().get(db);
}

/**
 * Starts the projector thread for the server's database; resolves true once it projects, false when it could
 * not start (the caller then projects in-process).
 */
export function startProjectorThread(handle: DbHandle, onLost: () => void): Promise<boolean> {
  const entry = path.join(process.cwd(), "scripts", "projector-thread.mjs");
  const data: ProjectorThreadData = { url: handle.url };
  return new Promise((resolve) => {
    let ready = false;
    let worker: Worker;
    try {
      // The bundler must not follow the entry (it loads the sources through tsx at run time): a Worker it does
      // not recognise, taken from the runtime's own module table, keeps the entry out of the build.
      const threads = process.getBuiltinModule("node:worker_threads") as typeof import("node:worker_threads");
      worker = new threads.Worker(entry, {
        workerData: data,
        env: process.env,
        name: "fleetwatch-projector",
      });
    } catch (err) {
      logger.error({ err }, "projector thread: could not start; projecting in-process");
      resolve(false);
      return;
    }
    worker.on("message", (message: unknown) => {
      if (message !== "ready" || ready) return;
      ready = true;
      registry().set(handle.db, worker);
      logger.info("projector thread: projecting");
      resolve(true);
    });
    worker.on("error", (err) => logger.error({ err }, "projector thread failed"));
    worker.on("exit", (code) => {
      registry().delete(handle.db);
      if (!ready) {
        logger.error({ code }, "projector thread: could not start; projecting in-process");
        resolve(false);
        return;
      }
      logger.error({ code }, "projector thread exited; projecting in-process");
      onLost();
    });
    worker.unref();
  });
}

// Kicks closer together than this are sent as one: a message costs the request thread a structured clone and a
// wake-up of the thread, and a busy projector folds everything queued by the end of its batch anyway.
const KICK_EVERY_MS = 5;
const lastKick = new WeakMap<Kickable, { at: number; timer: NodeJS.Timeout | null }>();

/** Wakes the thread projecting for `db` (at most once per KICK_EVERY_MS); false when none runs. */
export function kickProjectorThread(db: unknown): boolean {
  const worker = registry().get(db) ?? forwarders().get(db);
  if (!worker) return false;
  let state = lastKick.get(worker);
  if (!state) {
    state = { at: 0, timer: null };
    lastKick.set(worker, state);
  }
  if (state.timer) return true; // a kick is already scheduled
  const wait = state.at + KICK_EVERY_MS - performance.now();
  const kick = (s: { at: number; timer: NodeJS.Timeout | null }) => {
    s.timer = null;
    s.at = performance.now();
    worker.postMessage("kick" satisfies ProjectorThreadMessage);
  };
  if (wait <= 0) kick(state);
  else {
    const s = state;
    s.timer = setTimeout(() => kick(s), wait);
  }
  return true;
}

/** Stops the thread projecting for `db` (its batch in flight commits or rolls back first); tests and shutdown. */
export async function stopProjectorThread(db: unknown): Promise<void> {
  const worker = registry().get(db);
  if (!worker) return;
  registry().delete(db);
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  worker.postMessage("stop" satisfies ProjectorThreadMessage);
  await exited;
}
