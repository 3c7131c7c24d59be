// What a process does to a database before it uses it: the schema's migrations (db/client.ts), then the
// reference data that ships with the code: the bundled model prices (new rows only, so an admin's edits stay).
// The data layer stays free of domain code; the entry points (the server's instrumentation, the commands,
// the test and bench setups) call this.
import { type DbHandle, migrateDatabase } from "@/db/client";
import { seedBundledPrices } from "@/lib/costs/prices";

export async function seedReferenceData(handle: DbHandle): Promise<void> {
  await seedBundledPrices(handle.db);
}

export async function prepareDatabase(handle: DbHandle): Promise<void> {
  await migrateDatabase(handle);
  await seedReferenceData(handle);
}
