// `npm run simulate -- [--agents 50] [--days 14] [--jobs-per-day 300] [--seed 1] [--live] [--dry-run]`
// Generates a realistic fleet (lib/simulator) and sends it to a running console through the runner client.
// Same flags, same events and ids: running it twice stores nothing twice.
import { parseArgs } from "node:util";
import { eventsEndpoint, FleetwatchClient, type FleetwatchError } from "@/lib/runner-client";
import { FleetStream, pump, Redeliverer, type WireEvent } from "@/lib/simulator";
import { progressLine, summaryLines } from "@/lib/simulator/report";

const USAGE = `usage: npm run simulate -- [options]

  --agents N          agents in the fleet (default 50)
  --days N            days of history ending now (default 14; 0 with --live starts empty)
  --jobs-per-day N    jobs per day on average (default 300)
  --seed N            seed; the same seed gives the same fleet and event ids (default 1)
  --url URL           the console (default $FLEETWATCH_URL or http://localhost:3000)
  --key KEY           an ingest key (default $FLEETWATCH_KEY)
  --signing-secret S  the key's signing secret, if it has one (default $FLEETWATCH_SIGNING_SECRET)
  --live              after the history, keep the fleet running in real time until Ctrl-C
  --dry-run           generate and count, print sample events, send nothing
  --duplicates R      share of events delivered twice, to exercise idempotency (default 0.02)
  --batch-size N      events per request (default 500)`;

const { values } = parseArgs({
  options: {
    agents: { type: "string", default: "50" },
    days: { type: "string", default: "14" },
    "jobs-per-day": { type: "string", default: "300" },
    seed: { type: "string", default: "1" },
    url: { type: "string" },
    key: { type: "string" },
    "signing-secret": { type: "string" },
    live: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
    duplicates: { type: "string", default: "0.02" },
    "batch-size": { type: "string", default: "500" },
    help: { type: "boolean", short: "h", default: false },
  },
});

function fail(message: string, code = 2): never {
  console.error(`error: ${message}`);
  process.exit(code);
}

if (values.help) {
  console.error(USAGE);
  process.exit(0);
}

function num(name: string, raw: string, min: number, max: number, integer = true): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    fail(
      `--${name} takes ${integer ? "an integer" : "a number"} from ${min} to ${max} (got "${raw}")\n${USAGE}`,
    );
  return n;
}

const agents = num("agents", values.agents, 1, 5000);
const days = num("days", values.days, 0, 365);
const jobsPerDay = num("jobs-per-day", values["jobs-per-day"], 1, 100_000);
const seed = num("seed", values.seed, 0, 2 ** 31);
const duplicates = num("duplicates", values.duplicates, 0, 0.5, false);
const batchSize = num("batch-size", values["batch-size"], 1, 1000);
if (days === 0 && !values.live) fail("--days 0 generates nothing without --live");

const now = Date.now();
const stream = new FleetStream({ agents, days, jobsPerDay, seed, now });
const started = performance.now();
const elapsed = () => performance.now() - started;
const tty = process.stderr.isTTY;
const status = (line: string) => process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);

if (values["dry-run"]) {
  const samples = new Map<string, WireEvent>();
  const wanted = [
    "job.queued",
    "job.started",
    "job.message",
    "job.thinking",
    "job.tool_call",
    "job.tool_result",
    "job.usage",
    "job.log",
    "job.completed",
    "job.failed",
    "job.cancelled",
    "agent.heartbeat",
  ];
  for (const e of stream.until(now)) {
    if (!samples.has(e.type)) samples.set(e.type, e);
  }
  console.log(
    `Dry run: ${agents} agents, ${days} day${days === 1 ? "" : "s"}, ~${jobsPerDay} jobs/day, seed ${seed} (nothing sent)\n`,
  );
  for (const type of wanted) {
    const e = samples.get(type);
    if (e) console.log(JSON.stringify(e));
  }
  console.log("");
  const byType = Object.entries(stream.stats.byType).map(([t, n]) => `${t} ${n.toLocaleString("en-US")}`);
  console.log(`by type     ${byType.join(", ")}`);
  for (const line of summaryLines(stream.stats, { elapsedMs: elapsed() })) console.log(line);
  const silent = [...stream.deadSince].map(([a, t]) => `${a} (${((now - t) / 3_600_000).toFixed(1)} h)`);
  if (silent.length) console.log(`silent      ${silent.join(", ")}`);
  process.exit(0);
}

const url = values.url ?? process.env.FLEETWATCH_URL ?? "http://localhost:3000";
const key = values.key ?? process.env.FLEETWATCH_KEY;
const signingSecret = values["signing-secret"] ?? process.env.FLEETWATCH_SIGNING_SECRET;
if (!key) {
  fail(
    [
      "no ingest key: pass --key fw_... or set FLEETWATCH_KEY.",
      "Create one in the console under Settings > API keys, or from a shell:",
      "  npm run -s key:create -- --project default",
      "To see what would be sent without a key: npm run simulate -- --dry-run",
    ].join("\n"),
  );
}

// Fail fast when nothing listens, rather than after the client's retries.
try {
  await fetch(eventsEndpoint(url), { method: "GET", signal: AbortSignal.timeout(10_000) });
} catch (error) {
  fail(
    `cannot reach ${url} (${(error as Error).cause ?? (error as Error).message}). Is the console running? Start it with: npm start`,
    1,
  );
}

let fatal: FleetwatchError | null = null;
const errors: string[] = [];
const client = new FleetwatchClient({
  url,
  key,
  signingSecret,
  batchSize,
  flushIntervalMs: 1000,
  onError: (err) => {
    if (err.kind === "http" && err.status !== undefined && err.status < 500 && err.status !== 429)
      fatal = err;
    if (errors.length < 5) errors.push(err.message);
  },
});
const redeliver = new Redeliverer(seed, duplicates);
let stopping = false;
process.on("SIGINT", () => {
  if (stopping) process.exit(130);
  stopping = true;
  status("stopping: flushing what is queued (Ctrl-C again to quit now)...\n");
});

const progress = (handed: number) => status(progressLine(stream.stats, handed, elapsed()));
const stopped = () => stopping || fatal !== null;
let handed = await pump(client, stream.until(now), {
  redeliver,
  flushEvery: 5000,
  onProgress: progress,
  stopped,
});
await client.flush();
if (!fatal && days > 0) {
  progress(handed);
  process.stderr.write("\n");
}

if (values.live && !stopped()) {
  status(`live: ${agents} agents streaming to ${url} (heartbeats every 30 s); Ctrl-C to stop\n`);
  let lastReport = 0;
  while (!stopped()) {
    handed += await pump(client, stream.until(Date.now()), { redeliver, flushEvery: 5000, stopped });
    if (performance.now() - lastReport > 30_000) {
      lastReport = performance.now();
      const s = stream.stats;
      status(
        `live: ${s.events.toLocaleString("en-US")} events · ${s.jobs} jobs · ${s.jobs - s.succeeded - s.failed - s.cancelled} running · $${s.costUsd.toFixed(2)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  process.stderr.write("\n");
}

if (!fatal) for (const e of redeliver.drain()) client.send(e as never);
await client.close();
const f = fatal as FleetwatchError | null;
if (f) {
  console.error(`\nerror: the console refused the events: ${f.message}`);
  process.exit(1);
}
for (const line of summaryLines(stream.stats, {
  redelivered: redeliver.duplicates,
  delivery: client.stats,
  elapsedMs: elapsed(),
}))
  console.log(line);
if (errors.length) console.error(`delivery problems (first ${errors.length}):\n  ${errors.join("\n  ")}`);
process.exit(client.stats.failedBatches > 0 || client.stats.rejected > 0 ? 1 : 0);
