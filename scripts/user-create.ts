// `npm run user:create -- --email E --role R [--name N]`
// Creates an invite link for E with role R and prints its URL alone on stdout (FLEETWATCH_URL or
// http://localhost:3000). The invitee picks a name and password on the link's page (N is recorded in the log).
import { parseArgs } from "node:util";
import { systemActor } from "@/lib/audit/record";
import { ROLES } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { createInvite, inviteInput } from "@/lib/members/links";
import { fail, withDatabase } from "./cli";

const USAGE = `usage: npm run user:create -- --email <address> --role <${ROLES.join("|")}> [--name <name>]`;

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    role: { type: "string", default: "member" },
    name: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.error(USAGE);
  process.exit(0);
}
const parsed = inviteInput.safeParse({ email: values.email ?? "", role: values.role });
if (!values.email) fail(`--email is required\n${USAGE}`);
if (!parsed.success) {
  const bad = parsed.error.issues[0];
  fail(
    bad?.path[0] === "role"
      ? `--role must be one of: ${ROLES.join(", ")}`
      : `${bad?.message ?? "invalid input"}\n${USAGE}`,
  );
}

await withDatabase(async ({ db }) => {
  // The shell has the database's own authority: it acts as an owner would, recorded as the "cli" system actor.
  const actor = systemActor(`cli user:create${values.name ? ` (${values.name.slice(0, 100)})` : ""}`);
  const created = await createInvite(db, {
    admin: null,
    actor,
    input: parsed.data,
    baseUrl: env.FLEETWATCH_URL ?? "http://localhost:3000",
  });
  if (!created.ok) fail(created.error);
  console.error(
    `invite for ${created.email} as ${parsed.data.role}, valid until ${created.expiresAt.toISOString()}, once:`,
  );
  process.stdout.write(`${created.url}\n`);
});
