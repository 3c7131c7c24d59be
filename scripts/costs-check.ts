// `npm run costs:check [-- --project <slug>] [--fix-from YYYY-MM-DD]`
// Verifies the cost rollups (job_usage, usage_hourly, job totals) against the raw usage events, project by
// project. Exit 0 when everything agrees, 1 otherwise. --fix-from re-prices usage from that day first.

import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { project } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { checkRollups } from "@/lib/costs/check";
import { repriceHistory } from "@/lib/costs/reprice";
import { fail, withDatabase } from "./cli";

const { values } = parseArgs({
  options: {
    project: { type: "string" },
    "fix-from": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.error("usage: npm run costs:check [-- --project <slug>] [--fix-from YYYY-MM-DD]");
  process.exit(0);
}
const fixFrom = values["fix-from"];
if (fixFrom && !/^\d{4}-\d{2}-\d{2}$/.test(fixFrom)) fail("--fix-from takes a date, YYYY-MM-DD");

const ok = await withDatabase(async ({ db }) => {
  const projects = values.project
    ? await db.select().from(project).where(eq(project.slug, values.project))
    : await db.select().from(project);
  if (projects.length === 0) fail(`no project ${values.project}`);
  let clean = true;
  for (const p of projects) {
    if (fixFrom) {
      const from = new Date(`${fixFrom}T00:00:00Z`);
      const r = await repriceHistory({ db, from, projectId: p.id, actor: systemActor("cli") });
      console.log(`${p.slug}: re-priced ${r.usageEvents} usage events of ${r.jobs} jobs from ${fixFrom}`);
    }
    const started = performance.now();
    const r = await checkRollups({ db, projectId: p.id });
    const ms = Math.round(performance.now() - started);
    const summary = `${r.usageEvents} usage events, ${r.jobUsageRows} job rollup rows, ${r.hourlyRows} hourly rows, ${r.jobs} jobs (${ms} ms)`;
    if (r.problems.length === 0) {
      console.log(`${p.slug}: OK — ${summary}`);
      continue;
    }
    clean = false;
    console.log(`${p.slug}: ${r.problems.length} differences — ${summary}`);
    for (const x of r.problems.slice(0, 20)) {
      console.log(`  ${x.where} [${x.key}] ${x.field}: expected ${x.expected}, stored ${x.actual}`);
    }
    if (r.stalePrices) {
      console.log(
        "  Only costs differ while tokens agree: prices changed since this usage was stored. Re-apply them in " +
          "Settings > Model prices, or run: npm run costs:check -- --fix-from <first day to re-price>",
      );
    }
  }
  return clean;
});
process.exit(ok ? 0 : 1);
