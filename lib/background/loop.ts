// The background ticks of an app instance (standups, notifications, alerts, project purge): started once per
// process from instrumentation.ts (one per name, shared across Next.js bundles through globalThis), unref'd so
// they never keep the process alive, never overlapping (a slow tick makes the next one skip), and a failed tick is
// logged and the loop goes on. What makes each piece of work happen once across instances is the work's own
// business (claims, advisory locks, unique rows).
import { logger } from "@/lib/logger";

type GlobalWithLoops = typeof globalThis & { [key: symbol]: NodeJS.Timeout | undefined };

/** Starts `tick` every `intervalMs` unless the loop `name` already runs here; returns a stop function. */
export function startLoop(name: string, intervalMs: number, tick: () => Promise<void>): () => void {
  const g = globalThis as GlobalWithLoops;
  const key = Symbol.for(`fleetwatch.${name}`);
  if (!g[key]) {
    let busy = false;
    const run = async () => {
      if (busy) return;
      busy = true;
      try {
        await tick();
      } catch (err) {
        logger.error({ err, loop: name }, `${name} tick failed`);
      } finally {
        busy = false;
      }
    };
    g[key] = setInterval(() => void run(), intervalMs);
    g[key].unref();
  }
  return () => {
    clearInterval(g[key]);
    g[key] = undefined;
  };
}
