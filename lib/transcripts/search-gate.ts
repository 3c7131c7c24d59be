// At most `max` searches of this process hold a read connection at once (SEARCH_SLOTS in search.ts), so
// slow searches, however many arrive, leave the rest of the read pool to pages and the read API. A search that
// cannot start within its wait budget gets the same answer as one that ran out of time.
import { queryTimeout } from "@/lib/http/errors";

type Gate = { active: number; waiters: (() => void)[] };
// shared across Next.js bundles (each route may have its own copy of this module)
const KEY = Symbol.for("fleetwatch.searchGate");
function gate(): Gate {
  const g = globalThis as typeof globalThis & { [KEY]?: Gate };
  g[KEY] ??= { active: 0, waiters: [] };
  return g[KEY];
}

export async function withSearchSlot<T>(
  fn: () => Promise<T>,
  { max, waitMs, message }: { max: number; waitMs: number; message: string },
): Promise<T> {
  const g = gate();
  if (g.active < max) {
    g.active++;
  } else {
    // wait for a finishing search to hand its slot over (active stays counted through the hand-over)
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        g.waiters.splice(g.waiters.indexOf(wake), 1);
        reject(queryTimeout(message));
      }, waitMs);
      g.waiters.push(wake);
    });
  }
  try {
    return await fn();
  } finally {
    const next = g.waiters.shift();
    if (next) next();
    else g.active--;
  }
}
