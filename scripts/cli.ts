// Shared bits of the command-line scripts: open the configured database, report errors plainly.
import { type DbHandle, migrateDatabase, openDatabase } from "@/db/client";
import { DataDirLockedError } from "@/db/lock";

export async function withDatabase<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  let handle: DbHandle;
  try {
    handle = await openDatabase();
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  try {
    await migrateDatabase(handle);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}
