// Users besides the first admin, for tests: sign-up closes after setup, so they are written straight into the
// tables better-auth reads (its own password hash), then sign in through the real auth API.

import { randomUUID } from "node:crypto";
import { type APIRequestContext, expect, request } from "@playwright/test";
import { hashPassword } from "better-auth/crypto";
import postgres from "postgres";
import type { Role } from "@/lib/auth/roles";

/** Runs `fn` on the e2e server's database (E2E_DATABASE_URL, set by scripts/test.mjs). */
export async function withDb<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (run through node scripts/test.mjs e2e)");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

export async function createUser(role: Role) {
  const id = randomUUID();
  const user = { id, email: `${role}-${id.slice(0, 8)}@fleet.test`, password: "member password 1" };
  const hash = await hashPassword(user.password);
  await withDb(async (sql) => {
    await sql`insert into "user" (id, name, email, email_verified, role)
              values (${id}, ${`Test ${role}`}, ${user.email}, true, ${role})`;
    await sql`insert into account (id, account_id, provider_id, user_id, password)
              values (${randomUUID()}, ${id}, 'credential', ${id}, ${hash})`;
  });
  return user;
}

/** An API client with its own cookie jar, signed in as `user` through POST /api/auth/sign-in/email. */
export async function signedIn(baseURL: string, user: { email: string; password: string }) {
  const api: APIRequestContext = await request.newContext({ baseURL });
  // better-auth allows 3 sign-ins per 10 s from one address, and other tests sign in too: wait when told to.
  for (let attempt = 0; ; attempt++) {
    const res = await api.post("/api/auth/sign-in/email", {
      data: { email: user.email, password: user.password },
      headers: { origin: new URL(baseURL).origin },
    });
    if (res.status() === 429 && attempt < 3) {
      const seconds = Number(res.headers()["x-retry-after"] ?? 10);
      await new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 15) * 1000 + 250));
      continue;
    }
    expect(res.status(), await res.text()).toBe(200);
    return api;
  }
}
