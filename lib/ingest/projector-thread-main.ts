// Inside the projector's worker thread (scripts/projector-thread.mjs): its own small pool on the server's
// database, the same loop as the in-process projector (projector-loop.ts), woken by the server's "kick"
// messages after each append and by its own poll for other instances' appends.
import type { MessagePort } from "node:worker_threads";
import { openDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { lowerSessionPriority, lowerThreadPriority } from "@/lib/startup/thread-priority";
import { kickProjector, setProjectorGap, stopProjector } from "./projector-loop";

/** The thread's connections in pg_stat_activity. */
export const PROJECTOR_APPLICATION_NAME = "fleetwatch-projector";

const CONNECTIONS = 2;
/** How often the sessions' priority is checked (connections come and go). */
const SESSION_CHECK_MS = 30_000;

export type ProjectorThreadData = { url: string };
export type ProjectorThreadMessage = "kick" | "stop";

export async function runProjectorThread(port: MessagePort | null, data: ProjectorThreadData): Promise<void> {
  if (!port) throw new Error("the projector thread runs as a worker thread");
  // pages and the read API (the server thread) come first when both want a core (lib/startup/thread-priority.ts)
  lowerThreadPriority(env.FLEETWATCH_THREAD_NICE);
  // two connections: one batch at a time, plus the poll's and the backlog's small reads
  const handle = await openDatabase({
    url: data.url,
    max: CONNECTIONS,
    applicationName: PROJECTOR_APPLICATION_NAME,
  });
  setProjectorGap(handle.db, env.FLEETWATCH_PROJECTOR_GAP_MS);
  kickProjector(handle.db);
  // and so do its sessions' backends when PostgreSQL runs here: a batch is tens of milliseconds of the
  // database's CPU, which otherwise takes a core from the webhook's appends and the pages' queries at once.
  // Checked again now and then: postgres.js replaces connections (max_lifetime), each with a new backend.
  const lowered = new Set<string>();
  const lowerSessions = () =>
    lowerSessionPriority(
      (handle.db as unknown as { $client: Parameters<typeof lowerSessionPriority>[0] }).$client,
      CONNECTIONS,
      env.FLEETWATCH_THREAD_NICE,
      lowered,
    ).catch(() => 0);
  void lowerSessions();
  const sessions = setInterval(() => void lowerSessions(), SESSION_CHECK_MS);
  sessions.unref();
  port.on("message", (message: ProjectorThreadMessage) => {
    if (message === "kick") kickProjector(handle.db);
    else if (message === "stop") {
      clearInterval(sessions);
      stopProjector(handle.db);
      void handle.close().finally(() => port.close());
    }
  });
  port.postMessage("ready");
}
