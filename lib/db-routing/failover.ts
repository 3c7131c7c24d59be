// A query that meets a dead replica is run again on the primary. This sits under drizzle, at the driver
// (postgres.js) call each query goes through, so every page and read route gets it without a wrapper of its own;
// it only ever wraps the read pools, so only reads are retried. Transactions (begin) are not retried: a
// transaction that lost its connection half way is the caller's to redo.
import type { Sql } from "postgres";

// Class 08 (connection exception), admin/crash shutdown and "starting up" (57P01-57P03), the driver's own codes,
// and the socket errors Node raises.
const CONNECTION_CODES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

/** True when `error` (or its cause, as drizzle wraps the driver's error) says the connection failed. */
export function isConnectionError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

type Unsafe = Sql["unsafe"];

/** `replica`, whose queries that fail with a connection error are reported and run again on `primary`. */
export function withFailover(replica: Sql, primary: Sql, onConnectionError: (error: unknown) => void): Sql {
  const unsafe = (...args: Parameters<Unsafe>) => {
    const run = async <T>(use: (client: Sql) => PromiseLike<T>): Promise<T> => {
      try {
        return await use(replica);
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        onConnectionError(error);
        return use(primary);
      }
    };
    // drizzle awaits either the query itself or its .values(); both are lazy until awaited, like the driver's
    return {
      values: () => run((client) => client.unsafe(...args).values()),
      // biome-ignore lint/suspicious/noThenProperty: a thenable, like the driver's PendingQuery
      then: <A, B>(ok?: (rows: unknown) => A, ko?: (error: unknown) => B) =>
        run((client) => client.unsafe(...args)).then(ok, ko),
    };
  };
  return new Proxy(replica, {
    get: (target, prop, receiver) => (prop === "unsafe" ? unsafe : Reflect.get(target, prop, receiver)),
  });
}
