// fleetwatch-report: report one job event from a shell script (docs/runner-client.md).
// Exit codes: 0 sent (stored or duplicate; with --spool: on the spool), 1 not delivered or rejected, 2 usage
// error.
import { EVENT_TYPE_NAMES, parseReportArgs, type ReportArgs, UsageError } from "./cli-args";
import { FleetwatchClient } from "./client";
import { handToSpool } from "./spool";
import type { ClientEvent, FleetwatchError, WireEvent } from "./types";
import { prepareEvent } from "./wire";

const HELP = `Usage: fleetwatch-report <type> [flags]        report one event
       fleetwatch-report --stdin [flags]          report events read as JSON lines on stdin

Examples:
  fleetwatch-report job.started   --job J --agent A --harness H [--model M --title T --repo R --branch B --label k=v]
  fleetwatch-report job.log       --job J --message M [--level info]
  fleetwatch-report job.completed --job J [--summary S --pr URL --commit SHA --score N]
  fleetwatch-report job.failed    --job J --message M [--type T --code C --exit-code N --retryable]
  fleetwatch-report job.cancelled --job J [--reason R]
  fleetwatch-report agent.heartbeat --agent A --status idle|busy|waiting [--job J]
  fleetwatch-report job.message   --job J --role user|assistant|system --text T
  fleetwatch-report job.tool_call --job J --call-id C --tool T [--input JSON]
  fleetwatch-report job.tool_result --job J --call-id C [--output JSON --is-error --duration-ms N]
  fleetwatch-report job.usage     --job J --model M --input-tokens N --output-tokens N [--cost-usd X]

Any type:  --data JSON (extra data fields; flags win)  --id ID  --time RFC3339  --seq N
Connection: --url URL (FLEETWATCH_URL)  --key KEY (FLEETWATCH_KEY)  FLEETWATCH_SIGNING_SECRET
            --gzip  --retries N (5)  --timeout-ms N (10000 per attempt)
            --spool (FLEETWATCH_SPOOL=1): hand the events to the on-disk spool and return at once; a background
            sender delivers them and retries while the console is down (docs/runner-client.md)
Also: FLEETWATCH_JOB and FLEETWATCH_AGENT supply --job and --agent.
Output: nothing on success unless --verbose; --dry-run prints the request body instead of sending.
Types: ${EVENT_TYPE_NAMES.join(", ")}
`;

function fail(code: number, message: string): never {
  process.stderr.write(`fleetwatch-report: ${message}\n`);
  process.exit(code);
}

async function readStdinEvents(): Promise<ClientEvent[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const lines = Buffer.concat(chunks).toString("utf8").split("\n");
  const events: ClientEvent[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      events.push(JSON.parse(line) as ClientEvent);
    } catch (error) {
      throw new UsageError(`stdin line ${i + 1} is not JSON: ${(error as Error).message}`);
    }
  });
  if (events.length === 0) throw new UsageError("--stdin: no events on stdin (one JSON event per line).");
  return events;
}

async function run(args: ReportArgs): Promise<void> {
  const events = args.stdin ? await readStdinEvents() : args.event ? [args.event] : [];
  if (args.dryRun) {
    const wire = events.map((e) => {
      const prepared = prepareEvent(e);
      if (!prepared.ok) throw new UsageError(prepared.message);
      return prepared.wire;
    });
    process.stdout.write(`${JSON.stringify({ events: wire }, null, 2)}\n`);
    return;
  }
  if (!args.url) throw new UsageError("No server: set FLEETWATCH_URL or pass --url.");
  if (!args.key) throw new UsageError("No ingest key: set FLEETWATCH_KEY or pass --key.");
  if (args.spool) return spool(args.url, args.key, events, args.verbose);
  const errors: FleetwatchError[] = [];
  const client = new FleetwatchClient({
    url: args.url,
    key: args.key,
    signingSecret: args.signingSecret || undefined,
    gzip: args.gzip,
    batchSize: 1000,
    flushIntervalMs: 0,
    maxRetries: args.retries,
    retryMaxMs: 10_000,
    timeoutMs: args.timeoutMs,
    onError: (err) => errors.push(err), // send-time refusals and delivery failures alike
  });
  const ids = events.map((e) => client.send(e));
  const result = await client.close();
  if (errors.length > 0 || !result.ok) fail(1, errors.map((e) => e.message).join("\n") || "not delivered");
  if (args.verbose) {
    process.stdout.write(
      `sent ${ids.join(", ")} to ${client.endpoint}: ${result.accepted} accepted, ${result.duplicates} duplicate\n`,
    );
  }
}

/** --spool: the events go to disk with their ids fixed, the background sender posts them (like the hook). */
function spool(url: string, key: string, events: ClientEvent[], verbose: boolean): void {
  const wires: WireEvent[] = events.map((e) => {
    const prepared = prepareEvent(e);
    if (!prepared.ok) throw new UsageError(prepared.message);
    return prepared.wire;
  });
  const { dir, warnings } = handToSpool(process.env, url, key, wires);
  for (const w of warnings) process.stderr.write(`fleetwatch-report: ${w}\n`);
  if (verbose) process.stdout.write(`spooled ${wires.map((w) => w.id).join(", ")} in ${dir}\n`);
}

let args: ReportArgs;
try {
  args = parseReportArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (error instanceof UsageError) fail(2, `${error.message}\nRun fleetwatch-report --help for usage.`);
  throw error;
}
if (args.help) {
  process.stdout.write(HELP);
} else {
  await run(args).catch((error: unknown) => {
    if (error instanceof UsageError) fail(2, error.message);
    fail(1, (error as Error)?.message ?? String(error));
  });
}
