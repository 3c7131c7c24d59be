// The purge of deleted projects in this app instance: a tick every few seconds (unref'd, so it never keeps the
// process alive), started once per process from instrumentation.ts. With nothing deleted a tick costs one query
// of the small project table; with work, it spends a bounded number of short batches and leaves the rest to the
// next tick.
import { getDb } from "@/db/client";
import { logger } from "@/lib/logger";
import { purgeDeletedProjects } from "./purge";

const KEY = Symbol.for("fleetwatch.projectPurgeLoop");
type GlobalWithLoop = typeof globalThis & { [KEY]?: NodeJS.Timeout };

export function startProjectPurgeLoop(intervalMs = 10_000): () => void {
  const g = globalThis as GlobalWithLoop;
  if (!g[KEY]) {
    let busy = false;
    const tick = async () => {
      if (busy) return; // a long purge must not overlap the next tick
      busy = true;
      try {
        const r = await purgeDeletedProjects(await getDb());
        if (Object.keys(r.removed).length > 0 || r.purged.length > 0)
          logger.info(r, "deleted projects purged");
      } catch (err) {
        logger.error({ err }, "project purge tick failed");
      } finally {
        busy = false;
      }
    };
    g[KEY] = setInterval(() => void tick(), intervalMs);
    g[KEY].unref();
  }
  return () => {
    clearInterval(g[KEY]);
    g[KEY] = undefined;
  };
}
