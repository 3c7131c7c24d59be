// The database: PostgreSQL through postgres.js. DATABASE_URL names it; `npm start` and the commands set it to
// the embedded server of the data folder when the user gives none (scripts/embedded-db.mjs).
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  /** The PostgreSQL server's URL, for the read pool of db/read.ts. */
  url: string;
  close: () => Promise<void>;
};

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/**
 * PostgreSQL at `url`, else at DATABASE_URL; a pool of `max` connections (10), named `applicationName` in
 * pg_stat_activity when given.
 */
export async function openDatabase(
  options: { url?: string; max?: number; applicationName?: string } = {},
): Promise<DbHandle> {
  const url = options.url ?? env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the console with npm start (or npm run dev), which runs the embedded " +
        "PostgreSQL, or set DATABASE_URL to your PostgreSQL server.",
    );
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    ...(options.applicationName ? { connection: { application_name: options.applicationName } } : {}),
  });
  return {
    db: drizzle(sql, { schema }) as unknown as Db,
    url,
    close: () => sql.end({ timeout: 5 }),
  };
}

export async function migrateDatabase(handle: DbHandle): Promise<void> {
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
  await migrate(handle.db as any, { migrationsFolder });
}

// One handle (one pool) per process, shared across Next.js bundles (instrumentation and routes are separate
// module graphs) through globalThis.
const GLOBAL_KEY = Symbol.for("fleetwatch.db");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<DbHandle> };

/** The process's database, migrated on first use. */
export function getDbHandle(): Promise<DbHandle> {
  const g = globalThis as GlobalWithDb;
  g[GLOBAL_KEY] ??= (async () => {
    const handle = await openDatabase();
    await migrateDatabase(handle);
    return handle;
  })();
  g[GLOBAL_KEY].catch(() => {
    delete g[GLOBAL_KEY];
  });
  return g[GLOBAL_KEY];
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
