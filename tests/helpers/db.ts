// Test databases: the run's PostgreSQL database, or a fresh in-memory PGlite, both migrated.
// Each test isolates itself in a project of its own, so tests run in any order and in parallel.
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { type DbHandle, migrateDatabase, openDatabase } from "@/db/client";
import { ensureProject } from "@/lib/projects/queries";

export const DRIVERS = ["postgres", "pglite"] as const;
export type Driver = (typeof DRIVERS)[number];

export async function openTestDb(driver: Driver): Promise<DbHandle> {
  if (driver === "postgres") return openDatabase({ url: inject("databaseUrl") });
  const handle = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(handle);
  return handle;
}

export async function createTestProject(handle: DbHandle) {
  return ensureProject({ db: handle.db, slug: `t-${randomUUID().slice(0, 12)}` });
}
