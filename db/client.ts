// The database: PostgreSQL through postgres.js when DATABASE_URL is set, else embedded PGlite.
// Both drivers run the same schema and the same drizzle queries.
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import { lockDataDir } from "./lock";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  driver: "postgres" | "pglite";
  /** The PostgreSQL server's URL (postgres driver), for the read pool of db/read.ts. */
  url?: string;
  close: () => Promise<void>;
};

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** PostgreSQL at `url`; else embedded PGlite in `dataDir` ("memory://" for in-memory); else as configured. */
export async function openDatabase(options: { url?: string; dataDir?: string } = {}): Promise<DbHandle> {
  const url = options.url ?? (options.dataDir ? undefined : env.DATABASE_URL);
  if (url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const sql = postgres(url, { max: 10, onnotice: () => {} });
    return {
      db: drizzle(sql, { schema }) as unknown as Db,
      driver: "postgres",
      url,
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir ?? env.dataDir;
  const release = dataDir === "memory://" ? () => {} : lockDataDir(dataDir);
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = dataDir === "memory://" ? new PGlite() : new PGlite(path.join(dataDir, "pgdata"));
  await client.waitReady;
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    driver: "pglite",
    close: async () => {
      await client.close();
      release();
    },
  };
}

export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migrate(handle.db as any, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migrate(handle.db as any, { migrationsFolder });
  }
  // Reference data that ships with the code: the bundled model prices (new rows only).
  const { seedBundledPrices } = await import("@/lib/costs/prices");
  await seedBundledPrices(handle.db);
}

// One handle per process, shared across Next.js bundles (instrumentation and routes are separate
// module graphs) through globalThis, so the embedded database is opened exactly once.
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
