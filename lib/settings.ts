import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { instanceSetting } from "@/db/schema";

/** Reads an instance setting, creating it with `init()` the first time (safe under concurrent callers). */
export async function getOrCreateSetting(db: DbOrTx, key: string, init: () => string): Promise<string> {
  await db.insert(instanceSetting).values({ key, value: init() }).onConflictDoNothing();
  const [row] = await db.select().from(instanceSetting).where(eq(instanceSetting.key, key));
  if (!row) throw new Error(`instance setting ${key} vanished`);
  return row.value;
}
