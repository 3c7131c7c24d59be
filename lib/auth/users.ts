// The user table as the setup flow sees it.
import { count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { user } from "@/db/schema";

export const SIGN_UP_CLOSED = "Sign-up is closed. Ask an admin for an account.";
export const SIGN_UP_CLOSED_CODE = "SIGN_UP_CLOSED";

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(user);
  return row?.n ?? 0;
}
