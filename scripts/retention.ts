// `npm run retention [-- --project P]`: one retention run now (lib/retention/run.ts), the one the console runs
// hourly: drops the day partitions past each project's raw retention, deletes jobs, issues and rollups past the
// long one, makes the days ahead. Prints what it removed per project as JSON. Exit 1 when another instance holds
// the run (try again in a moment).
import { parseArgs } from "node:util";
import { getProjectBySlug } from "@/lib/projects/queries";
import { runRetention } from "@/lib/retention/run";
import { fail, withDatabase } from "./cli";

let project: string | undefined;
try {
  ({ project } = parseArgs({ options: { project: { type: "string" } } }).values);
} catch (e) {
  fail(`${(e as Error).message}\nusage: npm run retention [-- --project P]`);
}

await withDatabase(async ({ db }) => {
  let projectIds: string[] | undefined;
  if (project) {
    const p = await getProjectBySlug({ db, slug: project });
    if (!p) fail(`no project "${project}"`);
    projectIds = [p.id];
  }
  const run = await runRetention(db, { projectIds });
  if (!run) fail("another instance is running retention now; try again in a moment", 1);
  console.log(JSON.stringify(run, null, 2));
});
