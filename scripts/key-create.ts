// `npm run key:create -- --project <name> [--scope ingest,read] [--name N] [--signed]`
// Creates an API key (and the project if needed) and prints the key alone on stdout.
import { parseArgs } from "node:util";
import { z } from "zod";
import { API_KEY_SCOPES } from "@/db/schema";
import { recordAudit, systemActor } from "@/lib/audit/record";
import { createApiKey, keyAuditEntry } from "@/lib/auth/api-keys";
import { ensureProject, getProjectBySlug, projectCreatedEntry } from "@/lib/projects/queries";
import { fail, withDatabase } from "./cli";

const USAGE =
  "usage: npm run key:create -- --project <name> [--scope ingest,read] [--name <label>] [--signed]";

const { values } = parseArgs({
  options: {
    project: { type: "string" },
    scope: { type: "string", default: "ingest" },
    name: { type: "string" },
    signed: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.error(USAGE);
  process.exit(0);
}
if (!values.project) fail(`--project is required\n${USAGE}`);
const scopes = z
  .array(z.enum(API_KEY_SCOPES))
  .min(1)
  .safeParse(
    values.scope
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
if (!scopes.success) fail(`--scope takes a comma-separated list of: ${API_KEY_SCOPES.join(", ")}`);
const projectSlug = values.project;

await withDatabase(async ({ db }) => {
  let project: Awaited<ReturnType<typeof ensureProject>>;
  const existed = await getProjectBySlug({ db, slug: projectSlug });
  try {
    project = await ensureProject({ db, slug: projectSlug });
  } catch (error) {
    fail((error as Error).message);
  }
  const { key, signingSecret } = await db.transaction(async (tx) => {
    const created = await createApiKey({
      db: tx,
      projectId: project.id,
      name: values.name ?? `cli ${new Date().toISOString().slice(0, 10)}`,
      scopes: scopes.data,
      signed: values.signed,
    });
    const cli = systemActor("cli");
    if (!existed) await recordAudit(tx, cli, projectCreatedEntry(project));
    await recordAudit(tx, cli, keyAuditEntry("key.create", created.record));
    return created;
  });
  console.error(`created ${scopes.data.join("+")} key for project ${project.slug}`);
  if (signingSecret) console.error(`signing secret (shown once): ${signingSecret}`);
  process.stdout.write(`${key}\n`);
});
