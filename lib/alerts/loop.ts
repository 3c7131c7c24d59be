// The alert evaluator of this app instance, every minute (lib/background/loop.ts). Every instance runs one; the
// per-project advisory lock in evaluateAlerts makes exactly one of them evaluate a project at a time.
import { getDb } from "@/db/client";
import { startLoop } from "@/lib/background/loop";
import { logger } from "@/lib/logger";
import { evaluateAlerts } from "./evaluate";

export function startAlertLoop(intervalMs = 60_000): () => void {
  return startLoop("alertLoop", intervalMs, async () => {
    const r = await evaluateAlerts(await getDb(), new Date());
    if (r.opened + r.resolved + r.escalated + r.failedRules > 0) logger.info(r, "alerts evaluated");
  });
}
