// The alert evaluator of this app instance: a tick every minute (unref'd, so it never keeps the process alive),
// started once per process from instrumentation.ts. Every instance runs one; the per-project advisory lock in
// evaluateAlerts makes exactly one of them evaluate a project at a time.
import { getDb } from "@/db/client";
import { logger } from "@/lib/logger";
import { evaluateAlerts } from "./evaluate";

const KEY = Symbol.for("fleetwatch.alertLoop");
type GlobalWithLoop = typeof globalThis & { [KEY]?: NodeJS.Timeout };

export function startAlertLoop(intervalMs = 60_000): () => void {
  const g = globalThis as GlobalWithLoop;
  if (!g[KEY]) {
    let busy = false;
    const tick = async () => {
      if (busy) return; // a slow tick must not overlap the next one
      busy = true;
      try {
        const r = await evaluateAlerts(await getDb(), new Date());
        if (r.opened + r.resolved + r.escalated + r.failedRules > 0) logger.info(r, "alerts evaluated");
      } catch (err) {
        logger.error({ err }, "alert evaluation tick failed");
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
