// The standup scheduler of this app instance: a tick every minute (unref'd, so it never keeps the process
// alive). Started once per process from instrumentation.ts; other instances run their own, and
// standup_run decides which one sends.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { getDb } from "@/db/client";
import { logger } from "@/lib/logger";
import { runStandupSchedule } from "./schedule";

const KEY = Symbol.for("fleetwatch.standupLoop");
type GlobalWithLoop = typeof globalThis & { [KEY]?: NodeJS.Timeout };

export function startStandupLoop(intervalMs = 60_000): void {
  const g = globalThis as GlobalWithLoop;
  if (g[KEY]) return;
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let busy = false;
  const tick = async () => {
    if (busy) return; // a slow delivery (retries) must not overlap the next tick
    busy = true;
    try {
      const runs = await runStandupSchedule({ db: await getDb(), now: new Date(), instanceId });
      for (const r of runs)
        logger.info({ projectId: r.projectId, day: r.day, status: r.status }, "standup sent");
    } catch (err) {
      logger.error({ err }, "standup schedule tick failed");
    } finally {
      busy = false;
    }
  };
  g[KEY] = setInterval(() => void tick(), intervalMs);
  g[KEY].unref();
}
