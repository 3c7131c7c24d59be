// `npm run import -- <files or folders> [--project P] [--agent A] [--url U --key K]`
// Imports Claude Code and Codex session files (and headless output) into Fleetwatch: straight into the
// configured database (DATABASE_URL or the embedded folder), or through a running server's ingest API.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { recordAudit, systemActor } from "@/lib/audit/record";
import { bundledPrices } from "@/lib/costs/prices";
import { priceTable, priceUsage } from "@/lib/costs/pricing";
import { importAuditEntry } from "@/lib/import/audit";
import { importedJobs } from "@/lib/import/jobs";
import { type ImportedFile, importLines, type RawEvent, summarize } from "@/lib/importers";
import { LineSplitter, MAX_LINE_BYTES } from "@/lib/importers/lines";
import { ingestBatch } from "@/lib/ingest/ingest";
import { ensureProject, getProjectBySlug, projectCreatedEntry } from "@/lib/projects/queries";
import { FleetwatchClient } from "@/lib/runner-client";
import { fail, withDatabase } from "./cli";

const USAGE =
  "usage: npm run import -- <files or folders> [--project P] [--agent A] [--url U --key K]\n" +
  "  Claude Code: ~/.claude/projects (session .jsonl files, sub-agents), `claude -p --output-format json|stream-json`\n" +
  "  Codex: ~/.codex/sessions (rollout-*.jsonl), `codex exec --json`";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    project: { type: "string", default: "default" },
    agent: { type: "string" },
    url: { type: "string" },
    key: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help || positionals.length === 0) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
if (values.url && !values.key) fail("--url needs --key (an ingest key of the target project)");

function walk(p: string): string[] {
  if (!fs.existsSync(p)) fail(`${p}: no such file or folder`);
  const stat = fs.statSync(p);
  if (stat.isFile()) return [p];
  return fs
    .readdirSync(p)
    .sort()
    .flatMap((name) => walk(path.join(p, name)))
    .filter((f) => /\.(jsonl|json)$/i.test(f));
}

/**
 * A file's lines, read as a stream (never one string, so a file past V8's 512 MB string limit still reads),
 * with the server's cap on one line. The importers need every line of a file (they make two passes).
 */
async function readLines(file: string): Promise<string[]> {
  const splitter = new LineSplitter(MAX_LINE_BYTES, Number.POSITIVE_INFINITY);
  for await (const chunk of fs.createReadStream(file)) splitter.push(chunk as Buffer);
  return splitter.end();
}

/** A sub-agent file's parent session: <dir>/<session>.jsonl beside <dir>/<session>/subagents/. */
async function parentOf(file: string): Promise<string[] | undefined> {
  const dir = path.dirname(file);
  if (path.basename(dir) !== "subagents") return undefined;
  const sessionDir = path.dirname(dir);
  const beside = `${sessionDir}.jsonl`;
  if (fs.existsSync(beside)) return readLines(beside);
  const inside = fs.readdirSync(sessionDir).filter((f) => f.endsWith(".jsonl"));
  return inside.length === 1 ? readLines(path.join(sessionDir, inside[0] as string)) : undefined;
}

const money = (usd: number) => `$${usd.toFixed(4)}`;
const unpricedNote = (n: number) => (n ? `; ${n} usage event(s) without a price not counted` : "");

const files = [...new Set(positionals.flatMap(walk))];
if (files.length === 0) fail("no .jsonl or .json files found");

function progress(done: number, total: number, events: number) {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} files, ${events} events`,
  );
}

type Sent = { accepted: number; duplicates: number; rejected: string[] };
type Sink = {
  send: (events: RawEvent[]) => Promise<Sent>;
  /** Straight into the database: writes the file's audit entry (through the API, the server decides). */
  record?: (file: string, result: ImportedFile, sent: Sent) => Promise<void>;
  close: () => Promise<void>;
  /** The console's view of the imported jobs: their cost and links. */
  describe: (events: RawEvent[]) => Promise<JobsReport>;
};

type JobsReport = {
  cost: string;
  jobs: { title: string; url: string }[];
  total: number;
  /** The Jobs page showing every imported job. */
  all: string | null;
};

const JOBS_PRINTED = 20;

/** A session silent for longer than this (the project's stall time; 15 min through the API) will not end now. */
async function run(sink: Sink, stallSeconds = 900) {
  const closeUnendedBefore = new Date(Date.now() - stallSeconds * 1000);
  const imported: ImportedFile[] = [];
  let accepted = 0;
  let duplicates = 0;
  const rejected: string[] = [];
  const unreadable: string[] = [];
  for (const [i, file] of files.entries()) {
    let result: ImportedFile;
    try {
      result = importLines(await readLines(file), {
        closeUnendedBefore,
        fileName: path.basename(file),
        agent: values.agent,
        parentLines: await parentOf(file).catch(() => undefined), // without it, ids come from the file
      });
    } catch (e) {
      // One bad file (a line over the cap, unreadable) is reported; the others still import.
      unreadable.push(`${file}: ${e instanceof Error ? e.message : String(e)}`);
      progress(i + 1, files.length, accepted + duplicates);
      continue;
    }
    imported.push({ ...result, fileName: file });
    const r = await sink.send(result.events);
    await sink.record?.(file, result, r);
    accepted += r.accepted;
    duplicates += r.duplicates;
    rejected.push(...r.rejected.map((e) => `${file}: ${e}`));
    progress(i + 1, files.length, accepted + duplicates);
  }
  await sink.close();
  if (process.stderr.isTTY) process.stderr.write("\n");
  const totals = summarize(imported.flatMap((f) => f.events));
  const skipped = imported.flatMap((f) =>
    f.skipped.map((s) => `${f.fileName}${s.line ? `:${s.line}` : ""}: ${s.reason}`),
  );
  const unknown = imported.filter((f) => f.format === null).length;
  const notes = [
    unknown ? `${unknown} not recognised` : "",
    unreadable.length ? `${unreadable.length} unreadable` : "",
  ];
  const note = notes.filter(Boolean).join(", ");
  console.log(`files      ${files.length}${note ? ` (${note})` : ""}`);
  console.log(`jobs       ${totals.jobs}`);
  console.log(`entries    ${totals.events} (${accepted} new, ${duplicates} already there)`);
  console.log(`tokens     ${totals.tokens.toLocaleString("en-US")}`);
  const report = await sink.describe(imported.flatMap((f) => f.events));
  console.log(`cost       ${report.cost}`);
  console.log(`skipped    ${skipped.length} line(s)${skipped.length ? ":" : ""}`);
  for (const s of skipped.slice(0, 20)) console.log(`  ${s}`);
  if (skipped.length > 20) console.log(`  … and ${skipped.length - 20} more`);
  if (report.total) {
    console.log(`open       ${report.all ?? ""}`);
    for (const j of report.jobs.slice(0, JOBS_PRINTED)) console.log(`  ${j.title}  ${j.url}`);
    if (report.total > JOBS_PRINTED) console.log(`  … and ${report.total - JOBS_PRINTED} more`);
  }
  if (unreadable.length) {
    console.log(`unreadable ${unreadable.length} file(s):`);
    for (const u of unreadable) console.log(`  ${u}`);
    process.exitCode = 1;
  }
  if (rejected.length) {
    console.log(`rejected   ${rejected.length} event(s):`);
    for (const r of rejected.slice(0, 20)) console.log(`  ${r}`);
    process.exitCode = 1;
  }
}

if (values.url) {
  const errors: string[] = [];
  const client = new FleetwatchClient({
    url: values.url,
    key: values.key as string,
    batchSize: 500,
    onError: (e) => errors.push(e.message),
  });
  await run({
    send: async (events) => {
      for (const e of events) client.send(e as never);
      const r = await client.flush();
      return {
        accepted: r.accepted,
        duplicates: r.duplicates,
        rejected: [...r.rejections.map((x) => `${x.id}: ${x.error}`), ...errors.splice(0)],
      };
    },
    close: async () => {
      await client.close();
    },
    // An ingest key cannot read the console back: price with the bundled table, link by the runner's job id.
    describe: async (events) => {
      const table = priceTable(bundledPrices());
      let cost = 0;
      let unpriced = 0;
      for (const e of events) {
        if (e.type !== "job.usage") continue;
        const priced = priceUsage(table, e.data, new Date(e.time));
        if (priced.unpriced) unpriced += 1;
        else cost += priced.cost;
      }
      const base = (values.url as string).replace(/\/+$/, "");
      const jobs = [...new Map(events.map((e) => [e.job, e])).values()].map((e) => ({
        title: e.job,
        url: `${base}/jobs/${encodeURIComponent(e.job)}`,
      }));
      return {
        cost: `${money(cost)} (reported where given, else the bundled price table; the console's may differ)${unpricedNote(unpriced)}`,
        jobs,
        total: jobs.length,
        all: `${base}/jobs?range=all`,
      };
    },
  });
} else {
  await withDatabase(async ({ db }) => {
    const existed = await getProjectBySlug({ db, slug: values.project });
    const project = await ensureProject({ db, slug: values.project });
    if (!existed) await recordAudit(db, systemActor("cli"), projectCreatedEntry(project));
    await run(
      {
        send: async (events) => {
          let accepted = 0;
          let duplicates = 0;
          const rejected: string[] = [];
          for (let i = 0; i < events.length; i += 1000) {
            const r = await ingestBatch({
              db,
              projectId: project.id,
              apiKeyId: null,
              rawEvents: events.slice(i, i + 1000),
              source: "import",
            });
            accepted += r.accepted;
            duplicates += r.duplicates;
            for (const x of r.results ?? [])
              if (x.status === "rejected") rejected.push(`${x.id}: ${x.error}`);
          }
          return { accepted, duplicates, rejected };
        },
        close: async () => {},
        describe: async (events) => {
          const made = await importedJobs({
            db,
            projectId: project.id,
            externalIds: events.map((e) => e.job),
          });
          const base = (process.env.FLEETWATCH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
          return {
            cost: `${money(made.cost_usd)} (as the console prices it: reported where given, else the price table)${unpricedNote(made.unpriced_usage_events)}`,
            jobs: made.jobs.map((j) => ({ title: j.title ?? j.external_id, url: `${base}/jobs/${j.id}` })),
            total: made.total,
            all: made.window
              ? `${base}/jobs?${new URLSearchParams({ range: "custom", from: made.window.from, to: made.window.to })}`
              : null,
          };
        },
        record: async (file, result, sent) => {
          const summary = {
            projectId: project.id,
            fileName: file,
            bytes: fs.statSync(file).size,
            format: result.format,
            jobs: new Set(result.events.map((e) => e.job).filter(Boolean)).size,
            events: result.events.length,
            accepted: sent.accepted,
            duplicates: sent.duplicates,
            rejected: sent.rejected.length,
          };
          if (result.format !== null) await recordAudit(db, systemActor("cli"), importAuditEntry(summary));
        },
      },
      project.stallAfterSeconds,
    );
  });
}
