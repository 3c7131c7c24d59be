// Reads (pages, the read API, search) run on a pool of their own whose connections carry a statement_timeout,
// so no read can hold the database for long; writes (ingest, imports, migrations, background work) stay on the
// main pool with no limit, so a busy moment never cuts a batch of events half way. A separate pool rather than
// SET LOCAL in every read: pages run their queries in parallel (one transaction would serialise them), a new
// read needs no wrapper to be bounded, and slow reads can only exhaust their own pool (the main pool, and with
// it ingest and /api/health, stays free).
// With FLEETWATCH_READ_DATABASE_URL, dashboards and the read API read a streaming replica instead
// (lib/db-routing/: lag fallback, read-your-writes, retry on the primary); pages whose data someone is
// changing right there (settings, the triage queue) ask for the primary with getPrimaryReadDb.
import { sql } from "drizzle-orm";
import type { Sql } from "postgres";
import { withFailover } from "@/lib/db-routing/failover";
import { replicaLagMs } from "@/lib/db-routing/lag";
import { wantsPrimary } from "@/lib/db-routing/marker";
import { ReadRouter, type ReplicaStatus } from "@/lib/db-routing/router";
import { env } from "@/lib/env";
import { type Db, type DbHandle, type DbOrTx, getDbHandle, type Tx } from "./client";
import * as schema from "./schema";

export type ReadPool = { db: Db; sql: Sql; close: () => Promise<void> };

type PoolOptions = {
  max?: number;
  timeoutMs?: number;
  applicationName?: string;
  wrap?: (client: Sql) => Sql;
};

/** A read pool on `target`'s server (a handle of db/client.ts, or a URL). */
export async function openReadPool(
  target: DbHandle | string,
  {
    max = env.FLEETWATCH_READ_POOL_MAX,
    timeoutMs = env.FLEETWATCH_STATEMENT_TIMEOUT_MS,
    applicationName = "fleetwatch-read",
    wrap,
  }: PoolOptions = {},
): Promise<ReadPool> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(typeof target === "string" ? target : target.url, {
    max,
    onnotice: () => {},
    // a replica that is gone must fail fast so the read can go to the primary (seconds)
    connect_timeout: 5,
    // startup parameters: every statement of these connections stops after timeoutMs
    connection: { statement_timeout: timeoutMs, application_name: applicationName },
  });
  return {
    db: drizzle(wrap ? wrap(client) : client, { schema }) as unknown as Db,
    sql: client,
    close: () => client.end({ timeout: 5 }),
  };
}

type ReadPools = {
  primary: ReadPool;
  replica: ReadPool | null;
  probe: ReadPool | null;
  router: ReadRouter | null;
};

async function openReadPools(): Promise<ReadPools> {
  const primary = await openReadPool(await getDbHandle());
  const url = env.FLEETWATCH_READ_DATABASE_URL;
  if (!url) return { primary, replica: null, probe: null, router: null };
  let router: ReadRouter | null = null;
  const replica = await openReadPool(url, {
    applicationName: "fleetwatch-read-replica",
    wrap: (client) => withFailover(client, primary.sql, (error) => router?.connectionFailed(error)),
  });
  // the lag probe has a connection of its own, so a busy read pool never delays it
  const probe = await openReadPool(url, {
    max: 1,
    timeoutMs: 2000,
    applicationName: "fleetwatch-replica-probe",
  });
  router = new ReadRouter({
    primary: primary.db,
    replica: replica.db,
    probe: () => replicaLagMs(probe.sql),
    maxLagMs: env.FLEETWATCH_READ_MAX_LAG_MS,
  });
  return { primary, replica, probe, router };
}

// One set of read pools per process, shared across Next.js bundles like the main handle (db/client.ts).
const GLOBAL_KEY = Symbol.for("fleetwatch.readDb");
type GlobalWithRead = typeof globalThis & { [GLOBAL_KEY]?: Promise<ReadPools> };

function readPools(): Promise<ReadPools> {
  const g = globalThis as GlobalWithRead;
  g[GLOBAL_KEY] ??= openReadPools();
  g[GLOBAL_KEY].catch(() => {
    delete g[GLOBAL_KEY];
  });
  return g[GLOBAL_KEY];
}

/** The Cookie header of the page request being rendered (null outside one: a script, a test, a loop). */
async function pageCookieHeader(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return (await headers()).get("cookie");
  } catch {
    return null;
  }
}

/**
 * The process's read database (reads only: statements stop after FLEETWATCH_STATEMENT_TIMEOUT_MS): the replica
 * when one is configured, up and close behind, unless the caller just changed something (its cookie, read from
 * `request` or the page being rendered, or its API key's mark) or asks for the primary.
 */
export async function getReadDb(
  options: { request?: Request; apiKeyId?: string | null; primary?: boolean } = {},
): Promise<Db> {
  const pools = await readPools();
  if (!pools.router || options.primary) return pools.primary.db;
  const cookieHeader = options.request ? options.request.headers.get("cookie") : await pageCookieHeader();
  if (wantsPrimary({ cookieHeader, apiKeyId: options.apiKeyId })) return pools.primary.db;
  return pools.router.pick();
}

/** The read pool on the primary: for pages of settings and triage, where what was just changed must show. */
export function getPrimaryReadDb(): Promise<Db> {
  return getReadDb({ primary: true });
}

/** Where reads go, for /api/health: off without a replica, else its state and lag (never its URL). */
export async function readRoutingStatus(): Promise<ReplicaStatus> {
  if (!env.FLEETWATCH_READ_DATABASE_URL) return { replica: "off", lagMs: null };
  const { router } = await readPools();
  if (!router) return { replica: "off", lagMs: null };
  await router.refresh();
  return router.status();
}

/** Closes the read pools (tests, scripts that end). */
export async function closeReadPools(): Promise<void> {
  const g = globalThis as GlobalWithRead;
  const pending = g[GLOBAL_KEY];
  delete g[GLOBAL_KEY];
  if (!pending) return;
  const pools = await pending;
  await Promise.all([pools.primary, pools.replica, pools.probe].map((p) => p?.close()));
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
