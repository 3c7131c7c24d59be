// State one process shares across its Next.js bundles (instrumentation, routes and the server's own modules are
// separate module graphs, each with its own copy of a module's top-level variables): kept on globalThis under a
// registered symbol, so every copy finds the same value.

/** The process's value for `name` ("fleetwatch.<name>"), made by `create` the first time. */
export function processGlobal<T>(name: string, create: () => T): T {
  const g = globalThis as typeof globalThis & { [key: symbol]: T | undefined };
  const key = Symbol.for(`fleetwatch.${name}`);
  g[key] ??= create();
  return g[key];
}
