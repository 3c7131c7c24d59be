// Named queries of the jobs domain. Every function takes one params object with the project id.
import { and, asc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { event, job } from "@/db/schema";
import { hourOf } from "@/lib/costs/rollup";
import { badRequest } from "@/lib/http/errors";
import { pipelineJobIds } from "@/lib/pipelines/queries";
import { getProjectSettings } from "@/lib/projects/queries";
import { rangeFromQuery } from "@/lib/range/resolve";
import { runJobIdsSql } from "@/lib/runs-list/members";
import { jobsMatching, parseSearch, underSearchTimeout } from "@/lib/transcripts/search";
import { distinctJobValues } from "./facets";
import { jobIdsIn, rootFilterSql, withAttempts } from "./run-filters";
import {
  DEFAULT_DIR,
  DEFAULT_SORT,
  type JobDetail,
  type JobSummary,
  type JobsPage,
  type JobsQuery,
} from "./schemas";
import { afterCursorSql, decodeCursor, encodeCursor, orderBySql, sortValueSql } from "./sort";

type JobRow = typeof job.$inferSelect;

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const numOrNull = (v: string | null) => (v == null ? null : Number(v));

export function toJobSummary(row: JobRow, stallAfterSeconds: number, now = Date.now()): JobSummary {
  return {
    id: row.id,
    external_id: row.externalId,
    title: row.title,
    status: row.status,
    stalled: row.status === "running" && now - row.lastEventAt.getTime() > stallAfterSeconds * 1000,
    agent: row.agentName,
    model: row.model,
    harness: row.harness,
    harness_version: row.harnessVersion,
    started_at: isoOrNull(row.startedAt),
    ended_at: isoOrNull(row.endedAt),
    last_event_at: row.lastEventAt.toISOString(),
    duration_ms: row.durationMs,
    error_message: row.error?.message ?? null,
    cost_usd: numOrNull(row.costUsd),
    event_count: row.eventCount,
    parent_job: row.parentExternalId,
    retry_of: row.retryOfExternalId,
    attempt: row.retryOfExternalId ? 2 : null,
    step: row.step,
    trigger: row.trigger,
    schedule: row.triggerName ?? row.triggerSchedule,
  };
}

async function stallSeconds(db: DbOrTx, projectId: string): Promise<number> {
  return (await getProjectSettings({ db, projectId })).stallAfterSeconds;
}

export async function listJobs({
  db,
  projectId,
  filters,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  filters: JobsQuery;
  now?: Date;
}): Promise<JobsPage> {
  const stall = await stallSeconds(db, projectId);
  const where: SQL[] = [eq(job.projectId, projectId)];
  if (filters.status === "stalled") {
    where.push(eq(job.status, "running"), lt(job.lastEventAt, new Date(now.getTime() - stall * 1000)));
  } else if (filters.status) {
    where.push(eq(job.status, filters.status));
  }
  where.push(...rootFilterSql(filters));
  if (filters.step) where.push(eq(job.step, filters.step));
  if (filters.run) where.push(inArray(job.id, runJobIdsSql(projectId, filters.run)));
  if (filters.pipeline) {
    const { range, from, to } = filters;
    const ids = await pipelineJobIds({
      db,
      projectId,
      key: filters.pipeline,
      range: { range, from, to },
      now,
    });
    where.push(jobIdsIn(ids));
  }
  if (filters.range !== "all") {
    // active in the window: a last event after its start and (custom ranges end in the past) a start before its end
    const r = rangeFromQuery({ range: filters.range, from: filters.from, to: filters.to }, now);
    // (the index holds the hour of the last event, db/schema/fleet.ts: the range from the start of its first hour)
    where.push(gte(job.lastEventHour, hourOf(r.from)), gte(job.lastEventAt, r.from));
    if (filters.range === "custom") where.push(lt(job.sortAt, r.to));
  }
  const { sort, dir, search } = filters;
  // a transcript search picks its jobs newest first (lib/transcripts/search.ts), so it pages in that order only
  if (search && (sort !== DEFAULT_SORT || dir !== DEFAULT_DIR))
    throw badRequest(
      "A transcript search lists jobs by start time, newest first: drop sort and dir, or the search.",
    );
  const filtered = [...where];
  if (filters.cursor) where.push(afterCursorSql(decodeCursor(filters.cursor, sort, dir)));
  const select = (tx: DbOrTx, extra: SQL[] = []) =>
    tx
      .select({ row: job, sortValue: sortValueSql(sort) })
      .from(job)
      .where(and(...where, ...extra))
      .orderBy(...orderBySql(sort, dir))
      .limit(filters.limit + 1);
  // a transcript search runs GIN-first under the search budget (lib/transcripts/search.ts)
  const [rows, count] = search
    ? [
        await underSearchTimeout(db, async (tx) => {
          const terms = await parseSearch(tx, search);
          if (!terms) return [];
          return select(tx, [jobsMatching(projectId, terms, and(...where) as SQL, filters.limit + 1)]);
        }),
        null,
      ]
    : await Promise.all([select(db), countMatching({ db, where: filtered })]);
  const page = rows.slice(0, filters.limit);
  const last = page.at(-1);
  return {
    jobs: await withAttempts(
      db,
      projectId,
      page.map((r) => toJobSummary(r.row, stall, now.getTime())),
    ),
    total: count?.total ?? null,
    total_capped: count?.capped ?? false,
    next_cursor:
      rows.length > filters.limit && last
        ? encodeCursor({ sort, dir, value: last.sortValue, id: last.row.id })
        : null,
  };
}

/** The total stops counting here, and the list says "10,000+": an exact count reads every matching job. */
export const JOBS_TOTAL_CAP = 10_000;

/**
 * How many jobs pass the list's filters, up to JOBS_TOTAL_CAP: a count over the same filtered set that stops
 * reading once it passes the cap, so a project of millions of jobs costs what 10,001 rows cost (at 1M jobs:
 * 18 ms against 248 ms for the exact count, bench/jobs-list.ts).
 */
export async function countMatching({
  db,
  where,
}: {
  db: DbOrTx;
  /** the list's conditions, the project's first */
  where: SQL[];
}): Promise<{ total: number; capped: boolean }> {
  const matching = db
    .select({ one: sql`1` })
    .from(job)
    .where(and(...where))
    .limit(JOBS_TOTAL_CAP + 1)
    .as("matching");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(matching);
  const n = row?.n ?? 0;
  return { total: Math.min(n, JOBS_TOTAL_CAP), capped: n > JOBS_TOTAL_CAP };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENTS_SHOWN = 500;

export function jobMatch(id: string) {
  return UUID.test(id) ? or(eq(job.id, id), eq(job.externalId, id)) : eq(job.externalId, id);
}

/** Fleetwatch's id of a job given either id, or null. */
export async function findJobId({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  const [row] = await db
    .select({ id: job.id })
    .from(job)
    .where(and(eq(job.projectId, projectId), jobMatch(id)))
    .limit(1);
  return row?.id ?? null;
}

/** A job by Fleetwatch's id or the runner's job id, with its first events in order. */
export async function getJob({
  db,
  projectId,
  id,
}: {
  db: DbOrTx;
  projectId: string;
  id: string;
}): Promise<JobDetail | null> {
  const [row] = await db
    .select()
    .from(job)
    .where(and(eq(job.projectId, projectId), jobMatch(id)))
    .limit(1);
  if (!row) return null;
  const events = await db
    .select()
    .from(event)
    .where(and(eq(event.projectId, projectId), eq(event.jobExternalId, row.externalId)))
    .orderBy(asc(event.time), sql`${event.seq} asc nulls last`, asc(event.id))
    .limit(EVENTS_SHOWN + 1);
  const stall = await stallSeconds(db, projectId);
  return {
    ...toJobSummary(row, stall),
    trigger: row.trigger,
    parent_job: row.parentExternalId,
    repo: row.repo,
    branch: row.branch,
    labels: row.labels,
    queued_at: isoOrNull(row.queuedAt),
    first_event_at: row.firstEventAt.toISOString(),
    summary: row.summary,
    score: numOrNull(row.score),
    artifacts: row.artifacts,
    error: row.error,
    retryable: row.retryable,
    cancel_reason: row.cancelReason,
    tokens: {
      input: row.inputTokens,
      output: row.outputTokens,
      cache_read: row.cacheReadTokens,
      cache_write: row.cacheWriteTokens,
    },
    reported_cost_usd: numOrNull(row.reportedCostUsd),
    computed_cost_usd: numOrNull(row.computedCostUsd),
    unpriced_usage_events: row.unpricedUsageEvents,
    redaction_count: row.redactionCount,
    failure_class: row.failureClass,
    failure_issue_id: row.failureIssueId,
    events: events.slice(0, EVENTS_SHOWN).map((e) => ({
      id: e.id,
      type: e.type,
      time: e.time.toISOString(),
      seq: e.seq,
      agent: e.agentName,
      data: e.data,
    })),
    events_truncated: events.length > EVENTS_SHOWN,
  };
}

/** Values for the filter menus: agents, models, harnesses, trigger kinds, schedules and steps seen in the project. */
export async function getJobFacets({ db, projectId }: { db: DbOrTx; projectId: string }) {
  // Each reads an index on (project_id, value): job_project_agent_sort_idx, _model_sort_idx, _harness_idx,
  // _trigger_idx, _schedule_name_idx (partial, same predicate), _step_idx (partial).
  const distinct = (column: SQL, limit: number, where?: SQL) =>
    distinctJobValues({ db, projectId, column, limit, where });
  const [agents, models, harnesses, triggers, schedules, steps] = await Promise.all([
    distinct(sql`agent_name`, 500),
    distinct(sql`model`, 500),
    distinct(sql`harness`, 100),
    distinct(sql`trigger`, 100),
    distinct(sql`coalesce(trigger_name, trigger_schedule)`, 200, sql`trigger_schedule is not null`),
    distinct(sql`step`, 200),
  ]);
  const values = (rows: string[]) => rows.filter((v) => !!v);
  return {
    agents: values(agents),
    models: values(models),
    harnesses: values(harnesses),
    triggers: values(triggers),
    schedules: values(schedules),
    steps: values(steps),
  };
}
export type JobFacets = Awaited<ReturnType<typeof getJobFacets>>;

export async function countJobs({ db, projectId }: { db: DbOrTx; projectId: string }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(job)
    .where(eq(job.projectId, projectId));
  return row?.n ?? 0;
}

/** Whether the project has any job: one index probe (a count reads every job, which pages must not do). */
export async function hasJobs({ db, projectId }: { db: DbOrTx; projectId: string }): Promise<boolean> {
  const [row] = await db.select({ one: sql`1` }).from(job).where(eq(job.projectId, projectId)).limit(1);
  return !!row;
}
