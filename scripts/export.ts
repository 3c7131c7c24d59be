// `npm run export -- --project P --from D --to D [--out FILE]`: the project's raw events whose time is in
// [from, to) as gzip'd JSON Lines of protocol events (lib/export/events.ts), to FILE or stdout. D is a UTC day
// (2026-03-01) or an RFC 3339 time. `npm run import -- FILE` reads it back.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { recordAudit, systemActor } from "@/lib/audit/record";
import { exportEvents } from "@/lib/export/events";
import { parseExportArgs } from "@/lib/export/range";
import { getProjectBySlug } from "@/lib/projects/queries";
import { fail, withDatabase } from "./cli";

const USAGE =
  "usage: npm run export -- --project P --from D --to D [--out FILE]\n" +
  "  D: a UTC day (2026-03-01) or an RFC 3339 time (2026-03-01T12:00:00Z); the range is [from, to)\n" +
  "  writes gzip'd JSON Lines (one protocol event per line) to FILE, else stdout";

let values: Record<string, string | boolean | undefined>;
try {
  values = parseArgs({
    options: {
      project: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      out: { type: "string", short: "o" },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
} catch (e) {
  fail(`${(e as Error).message}\n${USAGE}`);
}
if (values.help) {
  console.error(USAGE);
  process.exit(0);
}
const parsed = parseExportArgs(values);
if (!parsed.ok) fail(`${parsed.error}\n${USAGE}`);
const args = parsed.args;
if (!args.out && process.stdout.isTTY) fail("refusing to write gzip to a terminal: add --out FILE or a pipe");

await withDatabase(async ({ db }) => {
  const project = await getProjectBySlug({ db, slug: args.project });
  if (!project) fail(`no project "${args.project}"`);
  // Written to FILE.partial and renamed at the end, so a FILE that exists is always a whole export.
  const partial = args.out ? `${args.out}.partial` : null;
  const out = partial ? fs.createWriteStream(partial) : process.stdout;
  const started = Date.now();
  try {
    const s = await exportEvents({ db, projectId: project.id, from: args.from, to: args.to, out });
    if (partial && args.out) fs.renameSync(partial, args.out);
    // Not a change, but every project's history leaving the console is worth a line in the audit log.
    await recordAudit(db, systemActor("cli"), {
      action: "export.events",
      objectType: "project",
      objectId: project.id,
      objectLabel: project.slug,
      projectId: project.id,
      after: {
        from: args.from.toISOString(),
        to: args.to.toISOString(),
        events: s.events,
        bytes: s.bytes,
        out: args.out ?? "stdout",
      },
    });
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.error(
      `exported ${s.events.toLocaleString("en-US")} events of ${args.project} in ` +
        `[${args.from.toISOString()}, ${args.to.toISOString()}): ${s.bytes.toLocaleString("en-US")} bytes ` +
        `gzip'd (${s.uncompressedBytes.toLocaleString("en-US")} uncompressed) in ${secs} s` +
        (args.out ? ` to ${args.out}` : ""),
    );
  } catch (e) {
    if (partial) fs.rmSync(partial, { force: true });
    fail(`export failed: ${(e as Error).message}`, 1);
  }
});
