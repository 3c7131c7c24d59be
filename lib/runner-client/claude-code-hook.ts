// fleetwatch-claude-hook: a Claude Code hook command. Reads the hook's JSON on stdin, reports it to Fleetwatch.
// It must never block or fail Claude Code: a hard deadline, exit 0 whatever happens, stdout left empty
// (Claude Code adds a SessionStart/UserPromptSubmit hook's stdout to the context), problems on stderr only.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { type FailedTurn, type HookInput, mapHookInput } from "./claude-code-map";
import { sha256Hex } from "./ids";
import { handToSpool } from "./spool";
import { prepareEvent } from "./wire";

const env = process.env;
const deadlineMs = Math.max(500, Number(env.FLEETWATCH_HOOK_TIMEOUT_MS) || 5000);
const warn = (message: string) => {
  try {
    process.stderr.write(`fleetwatch-claude-hook: ${message}\n`);
  } catch {
    // nothing else to do
  }
};

const HELP = `Usage: fleetwatch-claude-hook  (Claude Code runs it with the hook's JSON on stdin)

Environment: FLEETWATCH_URL, FLEETWATCH_KEY, FLEETWATCH_SIGNING_SECRET, FLEETWATCH_AGENT (default: the hostname),
FLEETWATCH_HARNESS_VERSION, FLEETWATCH_TITLE, FLEETWATCH_TRIGGER, FLEETWATCH_LABELS (k=v,k=v),
FLEETWATCH_HOOK_TIMEOUT_MS (default 5000), FLEETWATCH_STATE_DIR. See docs/claude-code.md.
Always exits 0; problems go to stderr.
`;

function readStdin(ms: number): Promise<string> {
  return new Promise((resolve) => {
    if (process.stdin.isTTY) return resolve("");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      process.stdin.pause();
      resolve(Buffer.concat(chunks).toString("utf8"));
    }, ms);
    process.stdin.on("data", (c: Buffer) => chunks.push(c));
    process.stdin.on("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    process.stdin.on("error", () => {
      clearTimeout(timer);
      resolve("");
    });
  });
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    const out = execFileSync("git", args, { cwd, timeout: 1000, stdio: ["ignore", "pipe", "ignore"] });
    return out.toString("utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The repository (origin's URL without credentials, else the work tree's path) and branch of cwd. */
export function gitInfo(cwd: string | undefined): { repo?: string; branch?: string } {
  if (!cwd) return {};
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (!top) return {};
  const origin = git(cwd, ["config", "--get", "remote.origin.url"]);
  const repo = origin ? origin.replace(/^([a-z][\w+.-]*:\/\/)[^@/]*@/i, "$1") : top;
  // symbolic-ref also names the branch of a repository without commits; a detached HEAD gives its short sha.
  const branch =
    git(cwd, ["symbolic-ref", "--short", "-q", "HEAD"]) ?? git(cwd, ["rev-parse", "--short", "HEAD"]);
  return { repo, branch };
}

function parseLabels(value: string | undefined): Record<string, string> | undefined {
  if (!value) return undefined;
  const entries = value
    .split(",")
    .map((pair) => pair.split("="))
    .filter((kv): kv is [string, string] => kv.length === 2 && Boolean(kv[0]?.trim()))
    .map(([k, v]) => [k.trim(), v.trim()] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

// Per-session memory between hook processes: whether the last turn failed (StopFailure), so that the session's
// end reports job.failed rather than job.completed.
const stateDir = env.FLEETWATCH_STATE_DIR || path.join(tmpdir(), "fleetwatch-claude-hook");

const stateFile = (session: string) => path.join(stateDir, `${sha256Hex(session).slice(0, 32)}.json`);

function readFailure(session: string): FailedTurn | null {
  try {
    const json = JSON.parse(readFileSync(stateFile(session), "utf8")) as { failure?: FailedTurn };
    return json.failure && typeof json.failure.message === "string" ? json.failure : null;
  } catch {
    return null;
  }
}

function writeState(session: string, state: ReturnType<typeof mapHookInput>["state"]): void {
  try {
    if (!state) return;
    if (state.kind === "failed") {
      mkdirSync(stateDir, { recursive: true, mode: 0o700 });
      writeFileSync(stateFile(session), JSON.stringify({ failure: state.failure }), { mode: 0o600 });
    } else {
      rmSync(stateFile(session), { force: true });
    }
  } catch (error) {
    warn(`could not update ${stateDir}: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(HELP);
    return;
  }
  const raw = await readStdin(Math.min(2000, deadlineMs / 2));
  if (!raw.trim()) return warn("no hook input on stdin; nothing sent.");
  let input: HookInput;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new Error("not an object");
    input = parsed as HookInput;
  } catch (error) {
    return warn(`the hook input is not a JSON object (${(error as Error).message}); nothing sent.`);
  }
  const url = env.FLEETWATCH_URL;
  const key = env.FLEETWATCH_KEY;
  if (!url || !key) return warn("FLEETWATCH_URL and FLEETWATCH_KEY are not set; nothing sent.");

  const session = typeof input.session_id === "string" ? input.session_id : "";
  const event = input.hook_event_name;
  const cwd = typeof input.cwd === "string" ? input.cwd : undefined;
  let transcriptSize: number | null = null;
  try {
    if (typeof input.transcript_path === "string") transcriptSize = statSync(input.transcript_path).size;
  } catch {
    // no transcript yet
  }
  const host = hostname();
  const mapping = mapHookInput(input, {
    agent: env.FLEETWATCH_AGENT || host,
    host,
    harnessVersion: env.FLEETWATCH_HARNESS_VERSION || undefined,
    title: env.FLEETWATCH_TITLE || undefined,
    trigger: env.FLEETWATCH_TRIGGER || undefined,
    labels: parseLabels(env.FLEETWATCH_LABELS),
    git: event === "SessionStart" ? gitInfo(cwd) : undefined,
    transcriptSize,
    previousFailure: event === "SessionEnd" && session ? readFailure(session) : null,
  });
  if (mapping.events.length === 0)
    return warn("the hook input has no session_id or hook_event_name; nothing sent.");

  // Onto the spool, then the background sender delivers: the hook never waits on the console.
  const wires = [];
  for (const e of mapping.events) {
    const prepared = prepareEvent(e, { idPrefix: "cc" });
    if (prepared.ok) wires.push(prepared.wire);
    else warn(prepared.message);
  }
  let dir = "";
  try {
    const spooled = handToSpool(env, url, key, wires);
    dir = spooled.dir;
    for (const w of spooled.warnings) warn(w);
  } catch (error) {
    warn(`could not spool the events: ${(error as Error).message}`);
  }
  if (session) writeState(session, mapping.state);
  if (env.FLEETWATCH_HOOK_DEBUG) warn(`${String(event)}: ${wires.length} event(s) spooled in ${dir}`);
}

const hardStop = setTimeout(() => {
  warn(`gave up after ${deadlineMs} ms; Claude Code goes on.`);
  process.exit(0);
}, deadlineMs);
hardStop.unref();

main()
  .catch((error: unknown) => warn(`unexpected error: ${(error as Error)?.stack ?? String(error)}`))
  .finally(() => process.exit(0));
