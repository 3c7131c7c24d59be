// The projection rows of one batch and their merge rules: how a batch's job and agent deltas become rows, and
// the SQL twins of fold.ts's commutative rules applied ON CONFLICT, so any order and batching end the same.
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { type agent, type job, job as jobTable } from "@/db/schema";
import { money, saturatingSum } from "@/lib/costs/rollup";
import type { AgentDelta, JobDelta, RunFacts } from "./fold";

const ex = (column: string) => sql.raw(`excluded.${column}`);
const cur = (column: string) => sql.raw(`"job".${column}`);

export function jobRow(projectId: string, d: JobDelta): typeof job.$inferInsert {
  const t = d.terminal;
  return {
    projectId,
    externalId: d.externalId,
    agentName: d.agentName,
    title: d.start?.title ?? d.queuedTitle,
    status: t?.status ?? (d.startedAt ? "running" : "queued"),
    harness: d.start?.harness ?? null,
    harnessVersion: d.start?.harnessVersion ?? null,
    model: d.start?.model ?? d.seenModel,
    ...runColumns(d),
    repo: d.start?.repo ?? null,
    branch: d.start?.branch ?? null,
    labels: d.start?.labels ?? null,
    queuedAt: d.queuedAt,
    startedAt: d.startedAt,
    endedAt: t?.endedAt ?? null,
    firstEventAt: d.firstEventAt,
    lastEventAt: d.lastEventAt,
    summary: t?.summary ?? null,
    score: t?.score == null ? null : String(t.score),
    artifacts: t?.artifacts ?? null,
    error: t?.error ?? null,
    retryable: t?.retryable ?? null,
    cancelReason: t?.cancelReason ?? null,
    inputTokens: d.inputTokens,
    outputTokens: d.outputTokens,
    cacheReadTokens: d.cacheReadTokens,
    cacheWriteTokens: d.cacheWriteTokens,
    reportedCostUsd: d.reportedCostUsd == null ? null : money(d.reportedCostUsd),
    computedCostUsd: d.computedCostUsd == null ? null : money(d.computedCostUsd),
    costUsd: d.costUsd == null ? null : money(d.costUsd),
    unpricedUsageEvents: d.unpricedUsageEvents,
    eventCount: d.eventCount,
    redactionCount: d.redactionCount,
  };
}

const RUN_FIELDS = [
  "trigger",
  "triggerName",
  "triggerSchedule",
  "triggerTz",
  "triggerBy",
  "parentExternalId",
  "rootExternalId",
  "retryOfExternalId",
  "step",
] as const satisfies readonly (keyof RunFacts)[];

/** Each run fact from the job's earliest start, else from its earliest queued event. */
function runColumns(d: JobDelta): RunFacts {
  const out = {} as RunFacts;
  for (const f of RUN_FIELDS) out[f] = d.start?.[f] ?? d.queuedRun?.[f] ?? null;
  return out;
}

// SQL twins of fold.ts's rules (see there).
const startWins = sql`(${ex("started_at")} is not null and (${cur("started_at")} is null or ${ex("started_at")} < ${cur("started_at")}))`;
const rank = (s: ReturnType<typeof ex>) =>
  sql`(case ${s} when 'cancelled' then 0 when 'failed' then 1 when 'succeeded' then 2 else -1 end)`;
const terminalWins = sql`(${ex("ended_at")} is not null and (${cur("ended_at")} is null or ${ex("ended_at")} > ${cur("ended_at")} or (${ex("ended_at")} = ${cur("ended_at")} and ${rank(ex("status"))} > ${rank(cur("status"))})))`;
const fromStart = (c: string) => sql`case when ${startWins} then ${ex(c)} else ${cur(c)} end`;
const fromTerminal = (c: string) => sql`case when ${terminalWins} then ${ex(c)} else ${cur(c)} end`;
// Totals saturate at their column's maximum (see costs/rollup.ts): a hostile or absurd total never fails a batch.
const sum = (c: string) => sql.raw(saturatingSum(`"job".${c}`, `excluded.${c}`, c));
// (least() skips NULLs: a sum with a NULL side is the other side.)
const nullableSum = (c: string) =>
  sql`case when ${cur(c)} is null then ${ex(c)} when ${ex(c)} is null then ${cur(c)} else ${sum(c)} end`;

/** A run fact: the winning start's when it says one, else what the row has, else the batch's (queued) one. */
function runMerge(): Record<(typeof RUN_FIELDS)[number], SQL> {
  const cols = getTableColumns(jobTable) as Record<string, { name: string }>;
  const out = {} as Record<(typeof RUN_FIELDS)[number], SQL>;
  for (const f of RUN_FIELDS) {
    const c = cols[f]?.name as string;
    out[f] =
      sql`case when ${startWins} and ${ex(c)} is not null then ${ex(c)} else coalesce(${cur(c)}, ${ex(c)}) end`;
  }
  return out;
}

export const jobMerge = {
  agentName: sql`coalesce(${cur("agent_name")}, ${ex("agent_name")})`,
  title: sql`case when ${startWins} and ${ex("title")} is not null then ${ex("title")} else coalesce(${cur("title")}, ${ex("title")}) end`,
  model: sql`case when ${startWins} and ${ex("model")} is not null then ${ex("model")} else coalesce(${cur("model")}, ${ex("model")}) end`,
  ...runMerge(),
  harness: fromStart("harness"),
  harnessVersion: fromStart("harness_version"),
  repo: fromStart("repo"),
  branch: fromStart("branch"),
  labels: fromStart("labels"),
  queuedAt: sql`least(${cur("queued_at")}, ${ex("queued_at")})`,
  startedAt: sql`least(${cur("started_at")}, ${ex("started_at")})`,
  firstEventAt: sql`least(${cur("first_event_at")}, ${ex("first_event_at")})`,
  lastEventAt: sql`greatest(${cur("last_event_at")}, ${ex("last_event_at")})`,
  status: sql`case when ${terminalWins} then ${ex("status")} when ${cur("ended_at")} is not null then ${cur("status")} when coalesce(${cur("started_at")}, ${ex("started_at")}) is not null then 'running' else 'queued' end`,
  endedAt: fromTerminal("ended_at"),
  summary: fromTerminal("summary"),
  score: fromTerminal("score"),
  artifacts: fromTerminal("artifacts"),
  error: fromTerminal("error"),
  retryable: fromTerminal("retryable"),
  cancelReason: fromTerminal("cancel_reason"),
  inputTokens: sum("input_tokens"),
  outputTokens: sum("output_tokens"),
  cacheReadTokens: sum("cache_read_tokens"),
  cacheWriteTokens: sum("cache_write_tokens"),
  reportedCostUsd: nullableSum("reported_cost_usd"),
  computedCostUsd: nullableSum("computed_cost_usd"),
  costUsd: nullableSum("cost_usd"),
  unpricedUsageEvents: sum("unpriced_usage_events"),
  eventCount: sum("event_count"),
  redactionCount: sum("redaction_count"),
  updatedAt: sql`now()`,
};

const curAgent = (column: string) => sql.raw(`"agent".${column}`);
const heartbeatWins = sql`(${ex("last_heartbeat_at")} is not null and (${curAgent("last_heartbeat_at")} is null or ${ex("last_heartbeat_at")} >= ${curAgent("last_heartbeat_at")}))`;
const fromHeartbeat = (c: string) => sql`case when ${heartbeatWins} then ${ex(c)} else ${curAgent(c)} end`;

export const agentMerge = {
  firstSeenAt: sql`least(${curAgent("first_seen_at")}, ${ex("first_seen_at")})`,
  lastSeenAt: sql`greatest(${curAgent("last_seen_at")}, ${ex("last_seen_at")})`,
  lastHeartbeatAt: sql`greatest(${curAgent("last_heartbeat_at")}, ${ex("last_heartbeat_at")})`,
  status: fromHeartbeat("status"),
  host: sql`coalesce(${fromHeartbeat("host")}, ${curAgent("host")})`,
  version: sql`coalesce(${fromHeartbeat("version")}, ${curAgent("version")})`,
  currentJobExternalId: fromHeartbeat("current_job_external_id"),
};

/** `col = expr, ...` for ON CONFLICT DO UPDATE, from a map of drizzle field names to SQL. */
export function setClause(table: PgTable, merge: Record<string, SQL>): SQL {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return sql.join(
    Object.entries(merge).map(([key, value]) => sql`${sql.identifier(columns[key]?.name ?? key)} = ${value}`),
    sql`, `,
  );
}

export const AGENT_COLUMNS = [
  "projectId",
  "name",
  "firstSeenAt",
  "lastSeenAt",
  "lastHeartbeatAt",
  "status",
  "host",
  "version",
  "currentJobExternalId",
] as const;
export const JOB_COLUMNS = [
  "projectId",
  "externalId",
  "agentName",
  "title",
  "status",
  "harness",
  "harnessVersion",
  "model",
  ...RUN_FIELDS,
  "repo",
  "branch",
  "labels",
  "queuedAt",
  "startedAt",
  "endedAt",
  "firstEventAt",
  "lastEventAt",
  "summary",
  "score",
  "artifacts",
  "error",
  "retryable",
  "cancelReason",
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "reportedCostUsd",
  "computedCostUsd",
  "costUsd",
  "unpricedUsageEvents",
  "eventCount",
  "redactionCount",
] as const;
export const ENTRY_COLUMNS = [
  "projectId",
  "jobId",
  "eventId",
  "time",
  "seq",
  "kind",
  "role",
  "branch",
  "branchParentCallId",
  "callId",
  "tool",
  "isError",
  "text",
  "content",
  "truncatedFrom",
] as const;

export function agentRow(projectId: string, a: AgentDelta): typeof agent.$inferInsert {
  return {
    projectId,
    name: a.name,
    firstSeenAt: a.firstSeenAt,
    lastSeenAt: a.lastSeenAt,
    lastHeartbeatAt: a.heartbeat?.at ?? null,
    status: a.heartbeat?.status ?? null,
    host: a.heartbeat?.host ?? null,
    version: a.heartbeat?.version ?? null,
    currentJobExternalId: a.heartbeat?.job ?? null,
  };
}
