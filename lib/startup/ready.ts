// Whether this process's instrumentation.ts finished starting up (the database migrated, the projector thread
// running). Kept on globalThis: Next.js's bundles set it, the ingest front (lib/http/ingest-front.ts, loaded
// apart from them) reads it, and hands requests to Next.js until then (which waits for the start-up itself).
const KEY = Symbol.for("fleetwatch.server-ready");
type State = { ready: boolean; waiters: (() => void)[] };
type WithReady = typeof globalThis & { [KEY]?: State };

function state(): State {
  const g = globalThis as WithReady;
  g[KEY] ??= { ready: false, waiters: [] };
  return g[KEY];
}

export function markServerReady(): void {
  const s = state();
  s.ready = true;
  for (const resolve of s.waiters.splice(0)) resolve();
}

export function isServerReady(): boolean {
  return state().ready;
}

/** Resolves once the server is ready (at once if it is). */
export function whenServerReady(): Promise<void> {
  const s = state();
  return s.ready ? Promise.resolve() : new Promise((resolve) => s.waiters.push(resolve));
}
