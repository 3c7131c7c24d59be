// The outbox worker of this app instance, a pass every few seconds (lib/background/loop.ts). Every instance runs
// one, and the claim in worker.ts makes each notification go out once whatever their number.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { DbOrTx } from "@/db/client";
import { startLoop } from "@/lib/background/loop";
import { logger } from "@/lib/logger";
import { runDeliveryOnce } from "./worker";

export function startDeliveryLoop(db: DbOrTx, intervalMs = 5_000): void {
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  startLoop("deliveryLoop", intervalMs, async () => {
    for (const o of await runDeliveryOnce(db, new Date(), { instanceId })) {
      const log = o.status === "failed" ? logger.warn.bind(logger) : logger.info.bind(logger);
      log({ notificationId: o.id, status: o.status, attempts: o.attempts, error: o.error }, "notification");
    }
  });
}
