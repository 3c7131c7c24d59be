// Checks budgets every minute in the server process. Every instance may run it: alert events are recorded
// once each (unique dedupe key), so several instances only repeat a cheap query.
import type { DbOrTx } from "@/db/client";
import { logger } from "@/lib/logger";
import { checkAllBudgets } from "./budgets";

export function startBudgetWatcher(db: DbOrTx, everyMs = 60_000) {
  const tick = async () => {
    try {
      const recorded = await checkAllBudgets({ db });
      if (recorded > 0) logger.info({ recorded }, "budget crossings recorded");
    } catch (error) {
      logger.error({ err: error }, "budget check failed");
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
