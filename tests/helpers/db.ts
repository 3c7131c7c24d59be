// Test databases: the run's PostgreSQL database (tests/helpers/global-setup.ts), migrated.
// Each test isolates itself in a project of its own, so tests run in any order and in parallel.
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { type DbHandle, openDatabase } from "@/db/client";
import { ensureProject } from "@/lib/projects/queries";

/** A pool on the test database. */
export async function openTestDb(): Promise<DbHandle> {
  return openDatabase({ url: inject("databaseUrl") });
}

export async function createTestProject(handle: DbHandle) {
  return ensureProject({ db: handle.db, slug: `t-${randomUUID().slice(0, 12)}` });
}
