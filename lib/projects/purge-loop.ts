// The purge of deleted projects in this app instance, every few seconds (lib/background/loop.ts). With nothing
// deleted a tick costs one query of the small project table; with work, it spends a bounded number of short
// batches and leaves the rest to the next tick.
import { getDb } from "@/db/client";
import { startLoop } from "@/lib/background/loop";
import { logger } from "@/lib/logger";
import { purgeDeletedProjects } from "./purge";

export function startProjectPurgeLoop(intervalMs = 10_000): () => void {
  return startLoop("projectPurgeLoop", intervalMs, async () => {
    const r = await purgeDeletedProjects(await getDb());
    if (Object.keys(r.removed).length > 0 || r.purged.length > 0) logger.info(r, "deleted projects purged");
  });
}
