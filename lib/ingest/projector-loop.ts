// The projector of an app instance: one loop per database per process (shared across Next.js bundles through
// globalThis), woken at once by this instance's appends (kickProjector) and every POLL_MS for what other
// instances appended. It projects batch after batch until the queue is empty, never two batches at once here;
// other instances' projectors claim other rows (projector.ts). Timers are unref'd: a CLI or a test worker that
// appended through the queue exits when its work is done.
import type { Db } from "@/db/client";
import { logger } from "@/lib/logger";
import { processGlobal } from "@/lib/process-global";
import { projectBatch } from "./projector";
import { kickProjectorThread } from "./projector-thread";

const POLL_MS = 250;

type Loop = { running: boolean; again: boolean; timer: NodeJS.Timeout; failures: number; gapMs: number };

/** A batch this size means a backlog: the next one starts at once, whatever the gap. */
const FULL_BATCH = 1000;
const loops = () => processGlobal("projectors", () => new WeakMap<Db, Loop>());

async function run(db: Db, loop: Loop): Promise<void> {
  if (loop.running) {
    loop.again = true;
    return;
  }
  loop.running = true;
  try {
    do {
      loop.again = false;
      for (;;) {
        const n = await projectBatch(db, { limit: FULL_BATCH });
        if (n === 0) break;
        loop.again = false;
        // a trickle: let the next events gather for a moment, one batch's fixed cost (a dozen statements)
        // then folds many of them (see setProjectorGap)
        if (loop.gapMs > 0 && n < FULL_BATCH) await new Promise((r) => setTimeout(r, loop.gapMs));
      }
    } while (loop.again);
    loop.failures = 0;
  } catch (err) {
    // the database was closed (a CLI or a test done with it): this loop ends with it
    if (/^CONNECTION_(ENDED|DESTROYED)$/.test(String((err as { code?: unknown }).code ?? ""))) {
      stopProjector(db);
      return;
    }
    // logged once per run of failures (a database that is down would otherwise log 4 times a second)
    if (loop.failures++ === 0) logger.error({ err }, "projector: a batch failed; retrying");
  } finally {
    loop.running = false;
  }
}

function loopFor(db: Db): Loop {
  const all = loops();
  let loop = all.get(db);
  if (!loop) {
    const created: Loop = {
      running: false,
      again: false,
      failures: 0,
      gapMs: 0,
      timer: setInterval(() => void run(db, created), POLL_MS),
    };
    created.timer.unref();
    all.set(db, created);
    loop = created;
  }
  return loop;
}

/**
 * Wakes this instance's projector on `db`, starting it the first time (at boot, and after each append): the
 * server's projector thread when one runs for `db` (projector-thread.ts), else the loop in this thread.
 */
export function kickProjector(db: Db): void {
  if (kickProjectorThread(db)) return;
  void run(db, loopFor(db));
}

/**
 * The pause after a batch that emptied the queue before the next one (0: none, the default). The server's
 * projector thread sets it: under a steady stream of single-event webhooks, batch after batch of a few events
 * each costs the database a dozen statements per batch, which the requests then wait behind.
 */
export function setProjectorGap(db: Db, gapMs: number): void {
  loopFor(db).gapMs = gapMs;
}

/** Stops the projector on `db` (tests closing their database). */
export function stopProjector(db: Db): void {
  const loop = loops().get(db);
  if (loop) clearInterval(loop.timer);
  loops().delete(db);
}
