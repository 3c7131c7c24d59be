// `npm run user:reset -- --email E`
// Creates a password-reset link (24 h, once) for the account E and prints its URL alone on stdout.
import { parseArgs } from "node:util";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { user } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { createResetLink } from "@/lib/members/links";
import { fail, withDatabase } from "./cli";

const USAGE = "usage: npm run user:reset -- --email <address>";

const { values } = parseArgs({
  options: { email: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
});
if (values.help) {
  console.error(USAGE);
  process.exit(0);
}
if (!values.email) fail(`--email is required\n${USAGE}`);
const email = z.email().max(320).trim().toLowerCase().safeParse(values.email);
if (!email.success) fail(`not an email address: ${values.email}`);

await withDatabase(async ({ db }) => {
  const [account] = await db
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.email, email.data), isNull(user.removedAt)));
  if (!account) fail(`no account with the email ${email.data}`);
  const created = await createResetLink(db, {
    admin: null,
    actor: systemActor("cli user:reset"),
    userId: account.id,
    baseUrl: env.FLEETWATCH_URL ?? "http://localhost:3000",
  });
  if (!created.ok) fail(created.error);
  console.error(`reset link for ${created.email}, valid until ${created.expiresAt.toISOString()}, once:`);
  process.stdout.write(`${created.url}\n`);
});
