// Once per test run: a PostgreSQL database for the integration tests, migrated.
// Uses TEST_DATABASE_URL's server when set, else starts a throwaway cluster (stopped at the end).
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";
import { prepareDatabase } from "@/lib/startup/prepare-database";
// @ts-expect-error: plain ESM helper shared with the scripts
import { createDatabase, startCluster } from "../../scripts/pg-cluster.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster: { url: string; stop: () => void } | null = process.env.TEST_DATABASE_URL
    ? null
    : await startCluster({ name: "fleetwatch-vitest" });
  const base = process.env.TEST_DATABASE_URL ?? (cluster as { url: string }).url;
  const url: string = await createDatabase(base, "fleetwatch_test");
  const handle = await openDatabase({ url });
  await prepareDatabase(handle);
  await handle.close();
  project.provide("databaseUrl", url);
  return () => cluster?.stop();
}
