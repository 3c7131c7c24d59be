// Reads (pages, the read API, search) run on a pool of their own whose connections carry a statement_timeout,
// so no read can hold the database for long; writes (ingest, imports, migrations, background work) stay on the
// main pool with no limit, so a busy moment never cuts a batch of events half way. A separate pool rather than
// SET LOCAL in every read: pages run their queries in parallel (one transaction would serialise them), a new
// read needs no wrapper to be bounded, slow reads can only exhaust their own pool (the main pool, and with it
// ingest and /api/health, stays free), and it is where a streaming replica's URL would go.
import { sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { type Db, type DbHandle, type DbOrTx, getDbHandle, type Tx } from "./client";
import * as schema from "./schema";

export type ReadPool = { db: Db; close: () => Promise<void> };

/** A read pool on `handle`'s server. */
export async function openReadPool(
  handle: DbHandle,
  { max = env.FLEETWATCH_READ_POOL_MAX, timeoutMs = env.FLEETWATCH_STATEMENT_TIMEOUT_MS } = {},
): Promise<ReadPool> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(handle.url, {
    max,
    onnotice: () => {},
    // startup parameters: every statement of these connections stops after timeoutMs
    connection: { statement_timeout: timeoutMs, application_name: "fleetwatch-read" },
  });
  return { db: drizzle(client, { schema }) as unknown as Db, close: () => client.end({ timeout: 5 }) };
}

// One read pool per process, shared across Next.js bundles like the main handle (db/client.ts).
const GLOBAL_KEY = Symbol.for("fleetwatch.readDb");
type GlobalWithRead = typeof globalThis & { [GLOBAL_KEY]?: Promise<ReadPool> };

/** The process's read database (reads only: statements stop after FLEETWATCH_STATEMENT_TIMEOUT_MS). */
export async function getReadDb(): Promise<Db> {
  const g = globalThis as GlobalWithRead;
  g[GLOBAL_KEY] ??= getDbHandle().then((handle) => openReadPool(handle));
  g[GLOBAL_KEY].catch(() => {
    delete g[GLOBAL_KEY];
  });
  return (await g[GLOBAL_KEY]).db;
}

/**
 * Runs `fn` in a transaction whose statements stop after `ms` (a tighter budget than the pool's, e.g. search).
 * set_config(..., true) is SET LOCAL: it ends with the transaction, so the pooled connection keeps its default.
 */
export function withStatementTimeout<T>(db: DbOrTx, ms: number, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('statement_timeout', ${String(ms)}, true)`);
    return fn(tx);
  });
}

/** PostgreSQL's query_canceled (57014), what statement_timeout raises; drizzle keeps the driver's error as cause. */
export function isQueryTimeout(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    if ((e as { code?: unknown }).code === "57014") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
