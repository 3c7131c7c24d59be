// fleetwatch-report's arguments -> one event (or --stdin: NDJSON events) and the client's settings. Pure.
import { parseArgs } from "node:util";
import type { ClientEvent } from "./types";

export class UsageError extends Error {}

type Kind = "string" | "int" | "number" | "bool" | "json" | "list";
/** flag -> [path in data, kind]. The paths of job.failed's error fields are dotted. */
type FieldMap = Record<string, [string, Kind]>;

const TYPES: Record<string, FieldMap> = {
  "job.queued": { title: ["title", "string"], trigger: ["trigger", "string"] },
  "job.started": {
    title: ["title", "string"],
    harness: ["harness", "string"],
    "harness-version": ["harness_version", "string"],
    model: ["model", "string"],
    trigger: ["trigger", "string"],
    "parent-job": ["parent_job", "string"],
    repo: ["repo", "string"],
    branch: ["branch", "string"],
    label: ["labels", "list"],
  },
  "job.message": {
    role: ["role", "string"],
    text: ["text", "string"],
    model: ["model", "string"],
    "message-id": ["message_id", "string"],
  },
  "job.thinking": { text: ["text", "string"] },
  "job.tool_call": { "call-id": ["call_id", "string"], tool: ["tool", "string"], input: ["input", "json"] },
  "job.tool_result": {
    "call-id": ["call_id", "string"],
    output: ["output", "json"],
    "is-error": ["is_error", "bool"],
    "duration-ms": ["duration_ms", "number"],
  },
  "job.usage": {
    model: ["model", "string"],
    "input-tokens": ["input_tokens", "int"],
    "output-tokens": ["output_tokens", "int"],
    "cache-read-tokens": ["cache_read_tokens", "int"],
    "cache-write-tokens": ["cache_write_tokens", "int"],
    "cost-usd": ["cost_usd", "number"],
    "request-id": ["request_id", "string"],
  },
  "job.log": { level: ["level", "string"], message: ["message", "string"] },
  "job.completed": {
    summary: ["summary", "string"],
    score: ["score", "number"],
    pr: ["artifacts.pr", "list"],
    commit: ["artifacts.commit", "list"],
    file: ["artifacts.file", "list"],
    "artifact-url": ["artifacts.url", "list"],
  },
  "job.failed": {
    message: ["error.message", "string"],
    type: ["error.type", "string"],
    code: ["error.code", "string"],
    "exit-code": ["error.exit_code", "int"],
    stack: ["error.stack", "string"],
    retryable: ["retryable", "bool"],
  },
  "job.cancelled": { reason: ["reason", "string"] },
  "agent.heartbeat": {
    status: ["status", "string"],
    host: ["host", "string"],
    version: ["version", "string"],
  },
};

/** Data fields a type needs (checked here so a typo fails before anything is sent). */
const REQUIRED: Record<string, string[]> = {
  "job.started": ["harness"],
  "job.message": ["role"],
  "job.thinking": ["text"],
  "job.tool_call": ["call_id", "tool"],
  "job.tool_result": ["call_id"],
  "job.usage": ["model", "input_tokens", "output_tokens"],
  "job.log": ["message"],
  "job.failed": ["error.message"],
  "agent.heartbeat": ["status"],
};

export const EVENT_TYPE_NAMES = Object.keys(TYPES);

const FIELD_FLAGS = [...new Set(Object.values(TYPES).flatMap((m) => Object.keys(m)))];
const BOOL_FLAGS = new Set(["is-error", "retryable"]);
const MULTI_FLAGS = new Set(["label", "pr", "commit", "file", "artifact-url"]);

export type ReportArgs = {
  help: boolean;
  verbose: boolean;
  dryRun: boolean;
  stdin: boolean;
  url?: string;
  key?: string;
  signingSecret?: string;
  gzip: boolean;
  /** Hand the events to the on-disk spool and its background sender instead of waiting for the console. */
  spool: boolean;
  retries: number;
  timeoutMs: number;
  event?: ClientEvent;
};

function num(flag: string, value: string, kind: "int" | "number"): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || (kind === "int" && !Number.isInteger(n))) {
    throw new UsageError(`--${flag} expects ${kind === "int" ? "an integer" : "a number"} (got "${value}").`);
  }
  return n;
}

function jsonOrString(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function setPath(data: Record<string, unknown>, dotted: string, value: unknown): void {
  const [head, tail] = dotted.split(".", 2) as [string, string | undefined];
  if (tail === undefined) {
    data[head] = value;
    return;
  }
  if (head === "artifacts") {
    const list = Array.isArray(data.artifacts) ? (data.artifacts as unknown[]) : [];
    for (const url of value as string[]) list.push({ kind: tail, url });
    data.artifacts = list;
    return;
  }
  const inner =
    typeof data[head] === "object" && data[head] !== null ? (data[head] as Record<string, unknown>) : {};
  inner[tail] = value;
  data[head] = inner;
}

function hasPath(data: Record<string, unknown>, dotted: string): boolean {
  let cur: unknown = data;
  for (const part of dotted.split(".")) {
    if (typeof cur !== "object" || cur === null || !(part in cur)) return false;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur !== undefined && cur !== "";
}

export function parseReportArgs(argv: string[], env: Record<string, string | undefined> = {}): ReportArgs {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {
    help: { type: "boolean", short: "h" },
    verbose: { type: "boolean", short: "v" },
    "dry-run": { type: "boolean" },
    stdin: { type: "boolean" },
    gzip: { type: "boolean" },
    spool: { type: "boolean" },
    url: { type: "string" },
    key: { type: "string" },
    "signing-secret": { type: "string" },
    retries: { type: "string" },
    "timeout-ms": { type: "string" },
    job: { type: "string" },
    agent: { type: "string" },
    id: { type: "string" },
    time: { type: "string" },
    seq: { type: "string" },
    data: { type: "string" },
  };
  for (const flag of FIELD_FLAGS) {
    options[flag] = { type: BOOL_FLAGS.has(flag) ? "boolean" : "string", multiple: MULTI_FLAGS.has(flag) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const s = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const args: ReportArgs = {
    help: v.help === true,
    verbose: v.verbose === true,
    dryRun: v["dry-run"] === true,
    stdin: v.stdin === true,
    gzip: v.gzip === true || env.FLEETWATCH_GZIP === "1",
    spool: v.spool === true || env.FLEETWATCH_SPOOL === "1",
    url: s("url") ?? env.FLEETWATCH_URL,
    key: s("key") ?? env.FLEETWATCH_KEY,
    signingSecret: s("signing-secret") ?? env.FLEETWATCH_SIGNING_SECRET,
    retries: num("retries", s("retries") ?? env.FLEETWATCH_RETRIES ?? "5", "int"),
    timeoutMs: num("timeout-ms", s("timeout-ms") ?? "10000", "int"),
  };
  if (args.help) return args;
  const [type, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}" (values need a --flag).`);
  if (args.stdin) {
    if (type) throw new UsageError("--stdin reads whole events: give no event type.");
    return args;
  }
  if (!type) throw new UsageError(`Give an event type: ${EVENT_TYPE_NAMES.join(", ")}.`);
  const fields = TYPES[type];
  if (!fields)
    throw new UsageError(`Unknown event type "${type}"; expected one of ${EVENT_TYPE_NAMES.join(", ")}.`);

  let data: Record<string, unknown> = {};
  const rawData = s("data");
  if (rawData !== undefined) {
    const json = jsonOrString(rawData);
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new UsageError('--data expects a JSON object, e.g. --data \'{"key": "value"}\'.');
    }
    data = json as Record<string, unknown>;
  }
  for (const flag of FIELD_FLAGS) {
    const value = v[flag];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const field = fields[flag];
    if (!field) throw new UsageError(`--${flag} does not apply to ${type}.`);
    const [where, kind] = field;
    if (kind === "list" && where === "labels") {
      const labels = Object.fromEntries(
        (value as string[]).map((pair) => {
          const i = pair.indexOf("=");
          if (i < 1) throw new UsageError(`--label expects key=value (got "${pair}").`);
          return [pair.slice(0, i), pair.slice(i + 1)];
        }),
      );
      setPath(data, where, labels);
    } else if (kind === "list" || kind === "bool" || kind === "string") setPath(data, where, value);
    else if (kind === "json") setPath(data, where, jsonOrString(value as string));
    else setPath(data, where, num(flag, value as string, kind));
  }
  const job = s("job") ?? (type.startsWith("job.") ? env.FLEETWATCH_JOB : undefined);
  const agent = s("agent") ?? env.FLEETWATCH_AGENT;
  if (type === "job.log" && !hasPath(data, "level")) data.level = "info";
  if (type === "agent.heartbeat" && job) data.job = job;
  for (const need of REQUIRED[type] ?? []) {
    if (!hasPath(data, need)) {
      const flag = Object.entries(fields).find(([, [where]]) => where === need)?.[0];
      throw new UsageError(`${type} needs --${flag ?? need}.`);
    }
  }
  if (type.startsWith("job.") && !job) throw new UsageError(`${type} needs --job (or FLEETWATCH_JOB).`);
  if ((type === "job.started" || type === "agent.heartbeat") && !agent) {
    throw new UsageError(`${type} needs --agent (or FLEETWATCH_AGENT).`);
  }
  const event: Record<string, unknown> = { type, data };
  if (s("id")) event.id = s("id");
  const time = s("time");
  if (time !== undefined) {
    if (Number.isNaN(Date.parse(time)))
      throw new UsageError(`--time expects an RFC 3339 time (got "${time}").`);
    event.time = time;
  }
  if (s("seq") !== undefined) event.seq = num("seq", s("seq") as string, "int");
  if (job && type.startsWith("job.")) event.job = job;
  if (agent) event.agent = agent;
  args.event = event as ClientEvent;
  return args;
}
