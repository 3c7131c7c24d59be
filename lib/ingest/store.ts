// The write path every source shares: append events idempotently and update the projections,
// all in one transaction. A caller may acknowledge only after this resolves.
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { bulkInsert } from "@/db/bulk";
import type { Db, Tx } from "@/db/client";
import { agent, event, job, transcriptEntry } from "@/db/schema";
import { loadPriceTable } from "@/lib/costs/prices";
import { priceUsage } from "@/lib/costs/pricing";
import { applyUsage, hourOf, measuresOf } from "@/lib/costs/rollup";
import { type FailedJob, recordFailures } from "@/lib/failures/issues";
import { type AgentDelta, foldEvents, type JobDelta } from "./fold";
import type { IngestEvent } from "./protocol";
import { toTranscriptEntry } from "./transcript";

export type StoreResult = { insertedIds: Set<string>; duplicateIds: Set<string> };

const ex = (column: string) => sql.raw(`excluded.${column}`);
const cur = (column: string) => sql.raw(`"job".${column}`);

function jobRow(projectId: string, d: JobDelta): typeof job.$inferInsert {
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
    trigger: d.start?.trigger ?? d.queuedTrigger,
    parentExternalId: d.start?.parentExternalId ?? null,
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
    reportedCostUsd: d.reportedCostUsd == null ? null : d.reportedCostUsd.toFixed(8),
    computedCostUsd: d.computedCostUsd == null ? null : d.computedCostUsd.toFixed(8),
    costUsd: d.costUsd == null ? null : d.costUsd.toFixed(8),
    unpricedUsageEvents: d.unpricedUsageEvents,
    eventCount: d.eventCount,
    redactionCount: d.redactionCount,
  };
}

// SQL twins of fold.ts's rules (see there).
const startWins = sql`(${ex("started_at")} is not null and (${cur("started_at")} is null or ${ex("started_at")} < ${cur("started_at")}))`;
const rank = (s: ReturnType<typeof ex>) =>
  sql`(case ${s} when 'cancelled' then 0 when 'failed' then 1 when 'succeeded' then 2 else -1 end)`;
const terminalWins = sql`(${ex("ended_at")} is not null and (${cur("ended_at")} is null or ${ex("ended_at")} > ${cur("ended_at")} or (${ex("ended_at")} = ${cur("ended_at")} and ${rank(ex("status"))} > ${rank(cur("status"))})))`;
const fromStart = (c: string) => sql`case when ${startWins} then ${ex(c)} else ${cur(c)} end`;
const fromTerminal = (c: string) => sql`case when ${terminalWins} then ${ex(c)} else ${cur(c)} end`;
const sum = (c: string) => sql`${cur(c)} + ${ex(c)}`;
const nullableSum = (c: string) => sql`coalesce(${cur(c)} + ${ex(c)}, ${cur(c)}, ${ex(c)})`;

const jobMerge = {
  agentName: sql`coalesce(${cur("agent_name")}, ${ex("agent_name")})`,
  title: sql`case when ${startWins} and ${ex("title")} is not null then ${ex("title")} else coalesce(${cur("title")}, ${ex("title")}) end`,
  model: sql`case when ${startWins} and ${ex("model")} is not null then ${ex("model")} else coalesce(${cur("model")}, ${ex("model")}) end`,
  trigger: sql`coalesce(${cur("trigger")}, ${ex("trigger")})`,
  harness: fromStart("harness"),
  harnessVersion: fromStart("harness_version"),
  parentExternalId: fromStart("parent_external_id"),
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

const agentMerge = {
  firstSeenAt: sql`least(${curAgent("first_seen_at")}, ${ex("first_seen_at")})`,
  lastSeenAt: sql`greatest(${curAgent("last_seen_at")}, ${ex("last_seen_at")})`,
  lastHeartbeatAt: sql`greatest(${curAgent("last_heartbeat_at")}, ${ex("last_heartbeat_at")})`,
  status: fromHeartbeat("status"),
  host: sql`coalesce(${fromHeartbeat("host")}, ${curAgent("host")})`,
  version: sql`coalesce(${fromHeartbeat("version")}, ${curAgent("version")})`,
  currentJobExternalId: fromHeartbeat("current_job_external_id"),
};

/** `col = expr, ...` for ON CONFLICT DO UPDATE, from a map of drizzle field names to SQL. */
function setClause(table: PgTable, merge: Record<string, SQL>): SQL {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return sql.join(
    Object.entries(merge).map(([key, value]) => sql`${sql.identifier(columns[key]?.name ?? key)} = ${value}`),
    sql`, `,
  );
}

const EVENT_COLUMNS = [
  "projectId",
  "id",
  "type",
  "time",
  "jobExternalId",
  "agentName",
  "seq",
  "data",
  "apiKeyId",
] as const;
const AGENT_COLUMNS = [
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
const JOB_COLUMNS = [
  "projectId",
  "externalId",
  "agentName",
  "title",
  "status",
  "harness",
  "harnessVersion",
  "model",
  "trigger",
  "parentExternalId",
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
const ENTRY_COLUMNS = [
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

function agentRow(projectId: string, a: AgentDelta): typeof agent.$inferInsert {
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

async function applyProjections(tx: Tx, projectId: string, events: IngestEvent[]) {
  // Price usage first: the job deltas carry the costs, the rollups the tokens and costs per hour.
  const usage = events.filter((e) => e.type === "job.usage");
  const priced = new Map<string, ReturnType<typeof priceUsage>>();
  if (usage.length > 0) {
    const table = await loadPriceTable(tx);
    for (const e of usage) priced.set(e.id, priceUsage(table, e.data, e.time));
  }
  const { jobs, agents } = foldEvents(events, priced);
  if (agents.length > 0) {
    const rows = agents.sort((a, b) => (a.name < b.name ? -1 : 1)).map((a) => agentRow(projectId, a));
    await bulkInsert(
      tx,
      agent,
      AGENT_COLUMNS,
      rows,
      sql`order by r."name" on conflict (project_id, name) do update set ${setClause(agent, agentMerge)}`,
    );
  }
  if (jobs.length > 0) {
    // Sorted so concurrent batches lock rows in the same order (no deadlocks).
    const rows = jobs.sort((a, b) => (a.externalId < b.externalId ? -1 : 1)).map((d) => jobRow(projectId, d));
    type Returned = {
      id: string;
      external_id: string;
      status: string;
      error: FailedJob["error"];
      agent_name: string | null;
      harness: string | null;
      model: string | null;
      ended_at: string | Date | null;
      inserted: boolean;
    };
    const ids = await bulkInsert<typeof job, Returned>(
      tx,
      job,
      JOB_COLUMNS,
      rows,
      sql`order by r."externalId" on conflict (project_id, external_id) do update set ${setClause(job, jobMerge)} returning id, external_id, status, error, agent_name, harness, model, ended_at, (xmax = 0) as inserted`,
    );
    const jobIds = new Map(ids.map((r) => [r.external_id, r.id]));
    const entries = events.flatMap((e) => {
      const jobId = e.job ? jobIds.get(e.job) : undefined;
      const entry = jobId ? toTranscriptEntry(e, projectId, jobId) : null;
      return entry ? [entry] : [];
    });
    await bulkInsert(tx, transcriptEntry, ENTRY_COLUMNS, entries, sql`on conflict do nothing`);
    // Jobs this batch failed (a job.failed that won over any other outcome): classify into issues
    // (after the transcript entries: a job that ended on a failed tool call is fingerprinted with the tool).
    const failedHere = new Set(jobs.filter((d) => d.terminal?.status === "failed").map((d) => d.externalId));
    await recordFailures(
      tx,
      projectId,
      ids
        .filter((r) => r.status === "failed" && failedHere.has(r.external_id) && r.ended_at)
        .map((r) => ({
          id: r.id,
          agent: r.agent_name,
          harness: r.harness,
          model: r.model,
          endedAt: new Date(r.ended_at as string),
          error: typeof r.error === "string" ? JSON.parse(r.error) : r.error,
        })),
    );
    // Last: concurrent batches of the same agents share hourly rows, so their locks are held for the shortest time.
    await applyUsage(
      tx,
      projectId,
      new Map(ids.map((r) => [r.id, { agentName: r.agent_name ?? "", harness: r.harness ?? "" }])),
      // A job inserted by this batch has no usage counted before it: only updated ones may need moving.
      new Set(ids.filter((r) => !r.inserted).map((r) => r.id)),
      usage.flatMap((e) => {
        const p = priced.get(e.id);
        const jobId = e.job ? jobIds.get(e.job) : undefined;
        return p && jobId ? [{ jobId, hour: hourOf(e.time), model: p.model, measures: measuresOf(p) }] : [];
      }),
    );
  }
}

/**
 * Appends the events (ON CONFLICT DO NOTHING on the event id) and projects the ones that were new.
 * Events must have distinct ids. Returns which ids were stored now and which were already there.
 */
export async function storeEvents({
  db,
  projectId,
  apiKeyId,
  events,
}: {
  db: Db;
  projectId: string;
  apiKeyId: string | null;
  events: IngestEvent[];
}): Promise<StoreResult> {
  if (events.length === 0) return { insertedIds: new Set(), duplicateIds: new Set() };
  const sorted = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return db.transaction(async (tx) => {
    const rows = sorted.map((e) => ({
      projectId,
      id: e.id,
      type: e.type,
      time: e.time,
      jobExternalId: e.job ?? null,
      agentName: e.agent ?? null,
      seq: e.seq ?? null,
      data: e.data,
      apiKeyId,
    }));
    const inserted = await bulkInsert<typeof event, { id: string }>(
      tx,
      event,
      EVENT_COLUMNS,
      rows,
      sql`order by r."id" on conflict (project_id, id) do nothing returning id`,
    );
    const insertedIds = new Set(inserted.map((r) => r.id));
    const fresh = sorted.filter((e) => insertedIds.has(e.id));
    await applyProjections(tx, projectId, fresh);
    const duplicateIds = new Set(sorted.filter((e) => !insertedIds.has(e.id)).map((e) => e.id));
    return { insertedIds, duplicateIds };
  });
}
