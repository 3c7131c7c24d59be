// Whether this process's instrumentation.ts finished starting up (the database migrated, the projector thread
// running). Kept on globalThis: Next.js's bundles set it, the ingest front (lib/http/ingest-front.ts, loaded
// apart from them) reads it, and hands requests to Next.js until then (which waits for the start-up itself).
const KEY = Symbol.for("fleetwatch.server-ready");
type WithReady = typeof globalThis & { [KEY]?: true };

export function markServerReady(): void {
  (globalThis as WithReady)[KEY] = true;
}

export function isServerReady(): boolean {
  return (globalThis as WithReady)[KEY] === true;
}
