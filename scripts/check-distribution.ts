// `npm run check:distribution`: checks the database's schema against the plan for distributing it by project
// (lib/distribution/tables.ts, docs/adr/0028-distributed-postgres.md). Fails on a violation the allow-list does not
// name, and on an allow-list entry that no longer matches (fixed: remove it).
import { compareWithAllowList, findViolations } from "@/lib/distribution/check";
import { KNOWN_EXCEPTIONS } from "@/lib/distribution/tables";
import { withDatabase } from "./cli";

const { unexpected, stale, found } = await withDatabase(async ({ db }) => {
  const found = await findViolations(db);
  return { ...compareWithAllowList(found), found };
});
const known = found.length - unexpected.length;
console.log(
  `${found.length} violation(s) of the distribution plan: ${known} known (allow-listed), ${unexpected.length} new`,
);
for (const v of unexpected) console.log(`  NEW    ${v.table}: ${v.kind} ${v.name}: ${v.detail}`);
for (const a of stale)
  console.log(`  STALE  ${a.table}: ${a.kind} ${a.name} no longer violates: remove it from KNOWN_EXCEPTIONS`);
if (unexpected.length || stale.length) {
  console.log("See docs/adr/0028-distributed-postgres.md and lib/distribution/tables.ts.");
  process.exitCode = 1;
} else
  console.log(
    `ok: ${KNOWN_EXCEPTIONS.length} known exception(s), each with its fix in lib/distribution/tables.ts`,
  );
