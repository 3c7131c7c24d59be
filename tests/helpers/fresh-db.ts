// A database of its own on the run's PostgreSQL server, migrated and empty of users: for tests of what happens
// on a fresh instance (first sign-up), which the shared test database cannot promise.
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { type DbHandle, openDatabase } from "@/db/client";
import { prepareDatabase } from "@/lib/startup/prepare-database";
// @ts-expect-error: plain ESM helper shared with the scripts
import { createDatabase } from "../../scripts/pg-cluster.mjs";

/** Creates and migrates a fresh database; returns its URL (open more handles on it to act as more instances). */
export async function createFreshDatabase(prefix: string): Promise<string> {
  const url: string = await createDatabase(inject("databaseUrl"), `${prefix}_${randomUUID().slice(0, 8)}`);
  const handle = await openDatabase({ url });
  await prepareDatabase(handle);
  await handle.close();
  return url;
}

export async function openFreshDb(prefix: string): Promise<{ url: string; handle: DbHandle }> {
  const url = await createFreshDatabase(prefix);
  return { url, handle: await openDatabase({ url }) };
}
