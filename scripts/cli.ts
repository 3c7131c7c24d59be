// Shared bits of the command-line scripts: open the configured database, report errors plainly.
// Without DATABASE_URL a command uses the embedded server of the data folder: the running one (beside the
// console), or one it starts for itself and stops when done.
import { type DbHandle, openDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { prepareDatabase } from "@/lib/startup/prepare-database";
import { openEmbedded } from "./embedded-db.mjs";

export async function withDatabase<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  let embedded: Awaited<ReturnType<typeof openEmbedded>> | null = null;
  if (!env.DATABASE_URL) {
    try {
      embedded = await openEmbedded({ dataDir: env.dataDir, log: (line) => console.error(line) });
    } catch (error) {
      fail((error as Error).message, 1);
    }
  }
  const handle = await openDatabase({ url: env.DATABASE_URL ?? embedded?.url });
  try {
    await prepareDatabase(handle);
    return await fn(handle);
  } finally {
    await handle.close();
    embedded?.release();
  }
}

export function fail(message: string, code = 2): never {
  console.error(`error: ${message}`);
  process.exit(code);
}
