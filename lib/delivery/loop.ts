// The outbox worker of this app instance: a pass every few seconds (unref'd, so it never keeps the process
// alive). Started once per process from instrumentation.ts; every instance runs one, and the claim in
// worker.ts makes each notification go out once whatever their number.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { DbOrTx } from "@/db/client";
import { logger } from "@/lib/logger";
import { runDeliveryOnce } from "./worker";

const KEY = Symbol.for("fleetwatch.deliveryLoop");
type GlobalWithLoop = typeof globalThis & { [KEY]?: NodeJS.Timeout };

export function startDeliveryLoop(db: DbOrTx, intervalMs = 5_000): void {
  const g = globalThis as GlobalWithLoop;
  if (g[KEY]) return;
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let busy = false;
  const tick = async () => {
    if (busy) return; // a slow receiver must not make passes overlap
    busy = true;
    try {
      const outcomes = await runDeliveryOnce(db, new Date(), { instanceId });
      for (const o of outcomes) {
        const log = o.status === "failed" ? logger.warn.bind(logger) : logger.info.bind(logger);
        log({ notificationId: o.id, status: o.status, attempts: o.attempts, error: o.error }, "notification");
      }
    } catch (err) {
      logger.error({ err }, "delivery pass failed");
    } finally {
      busy = false;
    }
  };
  g[KEY] = setInterval(() => void tick(), intervalMs);
  g[KEY].unref();
}
