// Ingest protocol v1 (docs/ingest.md): the contract with runners. One zod schema per event type.
import { Cron } from "croner";
import { z } from "zod";
import { isStorableText, storableJson } from "./sanitize";

export const MAX_EVENTS_PER_BATCH = 1000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Per-event limits that keep every total inside its column (bigint tokens, numeric(16,8) dollars) for millions
 * of events; totals that still reach a column's maximum stay there (projection-rows.ts, costs/rollup.ts).
 */
export const MAX_TOKENS = 1_000_000_000_000;
export const MAX_COST_USD = 1_000_000;
/** Event times PostgreSQL and the pages handle; anything outside is a bug in the runner. */
export const MIN_TIME = Date.UTC(1000, 0, 1);
export const MAX_TIME = Date.UTC(2101, 0, 1);
/** How far ahead of the server's clock an event may be (clock skew); later ones would pin lists. */
export const MAX_FUTURE_MS = 60 * 60 * 1000;

const text = z.string().max(1_000_000);
const name = z
  .string()
  .min(1)
  .max(200)
  .refine(isStorableText, "must not contain NUL characters or unpaired UTF-16 surrogates");

/** A cron expression croner accepts (5 or 6 fields, or a nickname such as @daily). */
function isCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}
// zones found valid so far: building a formatter per event is costly. Bounded, since Intl also takes other
// spellings of a zone (any letter case), which a runner could send without end.
const knownZones = new Set<string>();
/** An IANA time zone this runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(tz: string): boolean {
  if (knownZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    return false;
  }
  if (knownZones.size >= 1000) knownZones.clear();
  knownZones.add(tz);
  return true;
}
export const TRIGGER_KINDS = ["cron", "chat", "webhook", "manual", "api", "pipeline"] as const;
const trigger = z.union([
  name.describe(
    "The trigger's kind as one word (cron, chat, webhook, manual, api, pipeline, or the runner's own)",
  ),
  z
    .object({
      kind: z.enum(TRIGGER_KINDS),
      name: name.optional().describe("Which cron job, chat channel, webhook or pipeline"),
      schedule: z
        .string()
        .max(200)
        .refine(isCron, "must be a cron expression (5 or 6 fields, or @hourly, @daily...)")
        .optional()
        .describe("The cron expression of a scheduled run (Fleetwatch then expects runs on it)"),
      tz: z.string().max(100).refine(isTimeZone, "must be an IANA time zone such as Europe/Paris").optional(),
      by: name.optional().describe("Who triggered it (a person, a bot)"),
    })
    .loose(),
]);
/** Where a job sits in its run: shared by job.queued and job.started. */
const runFacts = {
  trigger: trigger.optional(),
  parent_job: name
    .optional()
    .describe("The job that started this one (a sub-agent's or a pipeline step's parent)"),
  root_job: name.optional().describe("The run this job belongs to (default: the root of the parent chain)"),
  retry_of: name.optional().describe("The job this one retries"),
  step: name.optional().describe('The job\'s role in its run: "write", "review:gpt-5", "fix"'),
};
const jobQueued = z.object({ title: text.optional(), ...runFacts }).loose();
const jobStarted = z
  .object({
    title: text.optional(),
    harness: name,
    harness_version: name.optional(),
    model: name.optional(),
    ...runFacts,
    repo: z.string().max(2000).optional(),
    branch: z.string().max(500).optional(),
    labels: z.union([z.record(z.string(), z.string()), z.array(z.string())]).optional(),
  })
  .loose();
const jobMessage = z
  .object({
    role: z.enum(["user", "assistant", "system"]),
    text: text.optional(),
    content: z.array(z.unknown()).optional(),
    model: name.optional(),
    message_id: name.optional(),
  })
  .loose();
const jobThinking = z.object({ text }).loose();
const jobToolCall = z.object({ call_id: name, tool: name, input: z.unknown().optional() }).loose();
const jobToolResult = z
  .object({
    call_id: name,
    output: z.unknown().optional(),
    is_error: z.boolean().optional(),
    duration_ms: z.number().nonnegative().optional(),
  })
  .loose();
const tokens = z.number().nonnegative().max(MAX_TOKENS).int(); // the limit first: its message names it
const jobUsage = z
  .object({
    model: name,
    input_tokens: tokens,
    output_tokens: tokens,
    cache_read_tokens: tokens.optional(),
    cache_write_tokens: tokens.optional(),
    cache_write_1h_tokens: tokens
      .optional()
      .describe("Extension: the part of cache_write_tokens written with a 1-hour lifetime (priced higher)"),
    cost_usd: z.number().nonnegative().max(MAX_COST_USD).optional(),
    request_id: name.optional(),
  })
  .loose();
const jobLog = z
  .object({ level: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]), message: text })
  .loose();
const artifact = z.object({
  kind: z.enum(["pr", "commit", "file", "url"]),
  url: z.string().max(4000).optional(),
  title: z.string().max(2000).optional(),
});
const jobCompleted = z
  .object({ summary: text.optional(), score: z.number().optional(), artifacts: z.array(artifact).optional() })
  .loose();
const jobFailed = z
  .object({
    error: z
      .object({
        type: name.optional(),
        message: text,
        code: z.union([z.string().max(200), z.number()]).optional(),
        exit_code: z.number().int().optional(),
        stack: text.optional(),
      })
      .loose(),
    retryable: z.boolean().optional(),
  })
  .loose();
const jobCancelled = z.object({ reason: text.optional() }).loose();
const agentHeartbeat = z
  .object({
    status: z.enum(["idle", "busy", "waiting"]),
    job: name.optional(),
    host: name.optional(),
    version: name.optional(),
  })
  .loose();

export const EVENT_DATA = {
  "job.queued": jobQueued,
  "job.started": jobStarted,
  "job.message": jobMessage,
  "job.thinking": jobThinking,
  "job.tool_call": jobToolCall,
  "job.tool_result": jobToolResult,
  "job.usage": jobUsage,
  "job.log": jobLog,
  "job.completed": jobCompleted,
  "job.failed": jobFailed,
  "job.cancelled": jobCancelled,
  "agent.heartbeat": agentHeartbeat,
} as const;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.keys(EVENT_DATA) as EventType[];

const base = {
  id: name.describe("Runner-chosen id, unique within the project"),
  time: z.iso
    .datetime({ offset: true })
    .refine((t) => {
      const ms = Date.parse(t);
      return ms >= MIN_TIME && ms < MAX_TIME;
    }, "must be between 1000-01-01 and 2100-12-31")
    .describe("RFC 3339 time of the fact, between 1000-01-01 and 2100-12-31, at most 1 hour ahead"),
  job: name.optional().describe("The runner's job id; required for job.* events"),
  agent: name.optional().describe("Agent name; required on job.started and agent.heartbeat"),
  seq: z.number().int().nonnegative().optional().describe("Optional per-job order"),
};

function variant<T extends EventType>(type: T) {
  const needsJob = type.startsWith("job.");
  const needsAgent = type === "job.started" || type === "agent.heartbeat";
  return z.object({
    ...base,
    type: z.literal(type),
    job: needsJob ? name : base.job,
    agent: needsAgent ? name : base.agent,
    data: EVENT_DATA[type],
  });
}

export const eventSchema = z.discriminatedUnion(
  "type",
  EVENT_TYPES.map((t) => variant(t)) as unknown as [
    ReturnType<typeof variant<"job.queued">>,
    ...ReturnType<typeof variant<EventType>>[],
  ],
);

/** What the projections see: a validated event with a parsed time. */
export type IngestEvent = {
  id: string;
  type: EventType;
  time: Date;
  job?: string;
  agent?: string;
  seq?: number;
  data: Record<string, unknown>;
  /** Secrets replaced by markers before storage (set by sanitizeEvent). */
  redactions?: number;
  /** Original size in bytes of a tool output that was truncated (set by sanitizeEvent). */
  truncatedFrom?: number | null;
};

/** The envelope is checked first; each event is then validated on its own so one bad event rejects alone. */
export const envelopeSchema = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
});

export const eventResultSchema = z.object({
  index: z.number().int(),
  id: z.string().nullable(),
  status: z.enum(["accepted", "duplicate", "rejected"]),
  error: z.string().optional(),
});

export const ingestResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  results: z.array(eventResultSchema).optional(),
});
export type IngestResponse = z.infer<typeof ingestResponseSchema>;

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/**
 * Validates one raw event (parsed JSON); the error names the field so a runner's operator can fix it. `data` is
 * first made storable (sanitize.ts); ids are not rewritten but rejected when PostgreSQL could not store them.
 * `now` is the server's clock, for the future limit.
 */
export function parseEvent(
  raw: unknown,
  now = new Date(),
): { ok: true; event: IngestEvent } | { ok: false; error: string } {
  if (typeof raw === "object" && raw !== null && "type" in raw) {
    const type = (raw as { type: unknown }).type;
    if (typeof type === "string" && !(type in EVENT_DATA)) {
      return { ok: false, error: `unknown event type "${type}"; expected one of ${EVENT_TYPES.join(", ")}` };
    }
  }
  const storable =
    typeof raw === "object" && raw !== null && "data" in raw
      ? { ...raw, data: storableJson((raw as { data: unknown }).data) }
      : raw;
  const result = eventSchema.safeParse(storable);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "event";
    return { ok: false, error: `${where}: ${issue?.message ?? "invalid"}` };
  }
  const e = result.data;
  const time = new Date(e.time);
  if (time.getTime() > now.getTime() + MAX_FUTURE_MS) {
    return {
      ok: false,
      error: `time: more than 1 hour ahead of the server clock (${now.toISOString()}); check the runner's clock`,
    };
  }
  return {
    ok: true,
    event: {
      id: e.id,
      type: e.type,
      time,
      job: e.job,
      agent: e.agent,
      seq: e.seq,
      data: e.data as Record<string, unknown>,
    },
  };
}
