// `npm run import -- <files or folders> [--project P] [--agent A] [--url U --key K [--signing-secret S]]`
// Imports Claude Code and Codex session files (and headless output) into Fleetwatch: straight into the
// configured database (DATABASE_URL or the embedded folder), or through a running server's import API
// (POST /api/v1/import, one request per file), which stores them as history like the Jobs page's drop zone.
// Files of protocol events (what `npm run export` writes, .jsonl or .jsonl.gz) go through the ingest write path
// as they are, or to the console's POST /api/v1/events in batches (lib/import/events-*.ts).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { recordAudit, systemActor } from "@/lib/audit/record";
import { importAuditEntry } from "@/lib/import/audit";
import { eventsAuditEntry, eventsProgress, reportEvents } from "@/lib/import/events-cli";
import { importEventsFile, isEventsFile } from "@/lib/import/events-file";
import { ConsoleRefused, consoleSender, databaseSender } from "@/lib/import/events-sinks";
import { importedJobs } from "@/lib/import/jobs";
import { type ImportedFile, importLines, type RawEvent, summarize } from "@/lib/importers";
import { LineSplitter, MAX_LINE_BYTES } from "@/lib/importers/lines";
import { type ImportResponse, importResponseSchema } from "@/lib/importers/schemas";
import { ingestBatch } from "@/lib/ingest/ingest";
import { ensureProject, getProjectBySlug, projectCreatedEntry } from "@/lib/projects/queries";
import { signatureHeader } from "@/lib/runner-client";
import { fail, withDatabase } from "./cli";

const USAGE =
  "usage: npm run import -- <files or folders> [--project P] [--agent A] [--url U --key K [--signing-secret S]]\n" +
  "  Claude Code: ~/.claude/projects (session .jsonl files, sub-agents), `claude -p --output-format json|stream-json`\n" +
  "  Codex: ~/.codex/sessions (rollout-*.jsonl), `codex exec --json`\n" +
  "  Fleetwatch events: what `npm run export` writes (.jsonl.gz, one protocol event per line)";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    project: { type: "string", default: "default" },
    agent: { type: "string" },
    url: { type: "string" },
    key: { type: "string" },
    "signing-secret": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help || positionals.length === 0) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
if (values.url && !values.key) fail("--url needs --key (an ingest key of the target project)");
if (values["signing-secret"] && !values.url)
  fail("--signing-secret goes with --url (the key's signing secret)");

function walk(p: string): string[] {
  if (!fs.existsSync(p)) fail(`${p}: no such file or folder`);
  const stat = fs.statSync(p);
  if (stat.isFile()) return [p];
  return fs
    .readdirSync(p)
    .sort()
    .flatMap((name) => walk(path.join(p, name)))
    .filter((f) => /\.(jsonl|json|jsonl\.gz)$/i.test(f));
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

const given = [...new Set(positionals.flatMap(walk))];
if (given.length === 0) fail("no .jsonl, .jsonl.gz or .json files found");
const eventFiles: string[] = [];
const files: string[] = [];
for (const f of given) ((await isEventsFile(f)) ? eventFiles : files).push(f);

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
  /** Stores one file: its events as translated here (or, through the API, the file, translated there). */
  send: (file: string, result: ImportedFile) => Promise<Sent>;
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
    const r = await sink.send(file, result);
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
  const base = (values.url as string).replace(/\/+$/, "");
  const send = consoleSender({
    url: base,
    key: values.key as string,
    signingSecret: values["signing-secret"],
  });
  for (const file of eventFiles) {
    try {
      reportEvents(file, await importEventsFile(file, send, { onProgress: eventsProgress(file) }));
    } catch (e) {
      if (!(e instanceof ConsoleRefused)) throw e;
      fail(`${file}: ${e.message}`, 1);
    }
  }
}
if (values.url && files.length > 0) {
  const base = (values.url as string).replace(/\/+$/, "");
  const secret = values["signing-secret"];
  /** The console's view of every job the files hold, from the import responses (a later one is fresher). */
  const seen = new Map<string, ImportResponse["jobs"][number]>();
  let window: { from: string; to: string } | null = null;
  let total = 0;
  await run({
    send: async (file, result) => {
      if (result.format === null) return { accepted: 0, duplicates: 0, rejected: [] };
      // The JSON form of the import API: the file with its sub-agent parent, translated by the server's own
      // importers and stored as history (no live liveness, sessions closed by the project's stall time).
      const parent = await parentOf(file).catch(() => undefined);
      const body = JSON.stringify({
        file_name: path.basename(file),
        text: fs.readFileSync(file, "utf8"),
        ...(values.agent ? { agent: values.agent } : {}),
        ...(parent ? { parent_text: parent.join("\n") } : {}),
      });
      const headers: Record<string, string> = {
        authorization: `Bearer ${values.key}`,
        "content-type": "application/json",
      };
      if (secret) headers["fleetwatch-signature"] = signatureHeader(secret, body);
      const res = await fetch(`${base}/api/v1/import`, { method: "POST", headers, body }).catch(
        (e: Error) => {
          throw new Error(`${base} did not answer: ${e.message}`);
        },
      );
      const json = (await res.json().catch(() => null)) as unknown;
      const parsed = importResponseSchema.safeParse(json);
      if (!res.ok || !parsed.success) {
        const message = (json as { error?: { message?: string } } | null)?.error?.message;
        return {
          accepted: 0,
          duplicates: 0,
          rejected: [`HTTP ${res.status}: ${message ?? "not an import response"}`],
        };
      }
      const r = parsed.data;
      for (const j of r.jobs) seen.set(j.id, j);
      total += Math.max(0, r.jobs_total - r.jobs.length); // jobs past the first 100 of one file
      if (r.jobs_window)
        window = {
          from: !window || r.jobs_window.from < window.from ? r.jobs_window.from : window.from,
          to: !window || r.jobs_window.to > window.to ? r.jobs_window.to : window.to,
        };
      return { accepted: r.accepted, duplicates: r.duplicates, rejected: r.errors };
    },
    close: async () => {},
    describe: async () => {
      const jobs = [...seen.values()].sort((a, b) => b.started_at.localeCompare(a.started_at));
      const cost = jobs.reduce((sum, j) => sum + (j.cost_usd ?? 0), 0);
      const w = window as { from: string; to: string } | null;
      return {
        cost: `${money(cost)} (as the console prices it: reported where given, else the price table)`,
        jobs: jobs.map((j) => ({ title: j.title ?? j.external_id, url: `${base}/jobs/${j.id}` })),
        total: jobs.length + total,
        all: w ? `${base}/jobs?${new URLSearchParams({ range: "custom", from: w.from, to: w.to })}` : null,
      };
    },
  });
} else if (!values.url) {
  await withDatabase(async ({ db }) => {
    const existed = await getProjectBySlug({ db, slug: values.project });
    const project = await ensureProject({ db, slug: values.project });
    if (!existed) await recordAudit(db, systemActor("cli"), projectCreatedEntry(project));
    for (const file of eventFiles) {
      const r = await importEventsFile(file, databaseSender({ db, projectId: project.id }), {
        onProgress: eventsProgress(file),
      });
      reportEvents(file, r);
      await recordAudit(db, systemActor("cli"), eventsAuditEntry(project.id, file, r));
    }
    if (files.length === 0) return;
    await run(
      {
        send: async (_file, { events }) => {
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
