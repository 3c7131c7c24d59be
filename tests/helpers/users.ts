// Console users for tests: sign-up closes after the first admin, so further users (a member, a second admin) are
// written straight into the tables better-auth reads, with its own password hash, then signed in through the
// real auth route handler like a browser would.

import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { POST as authPost } from "@/app/api/auth/[...all]/route";
import type { Db } from "@/db/client";
import { account, user } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";

export const TEST_ORIGIN = "http://fleetwatch.test";

export async function createUser(db: Db, role: Role, password = "correct horse battery") {
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@fleet.test`;
  await db.insert(user).values({ id, name: `Test ${role}`, email, emailVerified: true, role });
  await db.insert(account).values({
    id: randomUUID(),
    accountId: id,
    providerId: "credential",
    userId: id,
    password: await hashPassword(password),
  });
  return { id, email, password };
}

/** Signs in through POST /api/auth/sign-in/email and returns the Cookie header the browser would then send. */
export async function signIn(credentials: { email: string; password: string }): Promise<string> {
  const res = await authPost(
    new Request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { host: new URL(TEST_ORIGIN).host, origin: TEST_ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ email: credentials.email, password: credentials.password }),
    }),
  );
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  const session = cookies.find((c) => c.startsWith("better-auth.session_token="));
  if (!session) throw new Error(`no session cookie in ${cookies.join(", ")}`);
  return session;
}
