// The standup scheduler of this app instance, every minute (lib/background/loop.ts). Other instances run their
// own, and standup_run decides which one sends.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { getDb } from "@/db/client";
import { startLoop } from "@/lib/background/loop";
import { logger } from "@/lib/logger";
import { runStandupSchedule } from "./schedule";

export function startStandupLoop(intervalMs = 60_000): void {
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  startLoop("standupLoop", intervalMs, async () => {
    const runs = await runStandupSchedule({ db: await getDb(), now: new Date(), instanceId });
    for (const r of runs)
      logger.info({ projectId: r.projectId, day: r.day, status: r.status }, "standup sent");
  });
}
