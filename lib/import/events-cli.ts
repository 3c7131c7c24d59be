// What `npm run import` says about a file of protocol events, and its audit entry.
import fs from "node:fs";
import type { AuditEntry } from "@/lib/audit/record";
import { importAuditEntry } from "./audit";
import type { EventsFileResult } from "./events-file";

/** On a terminal: how far a (possibly huge) file of events has got. */
export const eventsProgress = (file: string) => (r: EventsFileResult) => {
  if (process.stderr.isTTY) process.stderr.write(`\r${file}: ${r.lines.toLocaleString("en-US")} lines read`);
};

/** Prints what became of a file of events; any line not stored makes the exit code 1. */
export function reportEvents(file: string, r: EventsFileResult) {
  if (process.stderr.isTTY) process.stderr.write("\n");
  console.log(
    `events     ${file}: ${r.accepted + r.duplicates} of ${r.lines} line(s) stored (${r.accepted} new, ${r.duplicates} already there)`,
  );
  const problems = [
    ...r.skipped.map((p) => `line ${p.line}: ${p.reason}`),
    ...r.rejected.map((p) => `line ${p.line}${p.id ? ` (${p.id})` : ""}: ${p.reason}`),
  ];
  if (problems.length) console.log(`  not stored ${problems.length} line(s):`);
  for (const p of problems.slice(0, 20)) console.log(`    ${p}`);
  if (problems.length > 20) console.log(`    … and ${problems.length - 20} more`);
  if (r.error) console.log(`  stopped    ${r.error}; the lines before it are stored`);
  if (problems.length || r.error) process.exitCode = 1;
}

/** The file's import.file entry: format "fleetwatch-events", every line not stored counted as rejected. */
export function eventsAuditEntry(projectId: string, file: string, r: EventsFileResult): AuditEntry {
  return importAuditEntry({
    projectId,
    fileName: file,
    bytes: fs.statSync(file).size,
    format: "fleetwatch-events",
    jobs: r.jobs,
    events: r.lines,
    accepted: r.accepted,
    duplicates: r.duplicates,
    rejected: r.rejected.length + r.skipped.length,
  });
}
