// Per-project retention (docs/adr/0038-partitioned-events.md), run hourly by every instance and done by one:
// - raw events and transcript entries: whole UTC days older than the raw horizon are detached, then dropped in a
//   transaction of their own (never a day the projector has yet to fold: it still has rows in event_pending;
//   a day detached by a run that died before its drop is dropped by the next), then the id ledger of those days
//   is trimmed in chunks (its own cost, reported apart);
// - jobs, failure issues not seen within it, and rollups (usage_hourly, job_usage) older than the long horizon
//   are deleted in chunks of short statements;
// - the partitions of the days around now are made ahead, so ingest rarely has to make one.
// One audit entry per project per run that removed anything.
import { eq, isNull, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { Db } from "@/db/client";
import { project } from "@/db/schema";
import { recordAudit, systemActor } from "@/lib/audit/record";
import { daysAround, dropDetachedDays, dropPartition, ensureDays, listDayPartitions } from "./partitions";

const DAY_MS = 86_400_000;

export type ProjectRetention = {
  projectId: string;
  /** UTC days whose partitions were dropped. */
  days: string[];
  /** Rows in them (PostgreSQL's estimate of each partition, or its count when never analyzed). */
  events: number;
  transcriptEntries: number;
  /** Days past the horizon kept because events of theirs wait for the projector. */
  keptPending: string[];
  ledgerRows: number;
  jobs: number;
  failureIssues: number;
  usageHourly: number;
  jobUsage: number;
};

export type RetentionRun = {
  projects: ProjectRetention[];
  ms: { partitions: number; ledger: number; rows: number };
};

type Options = { now?: Date; projectIds?: string[]; chunk?: number };

/**
 * One run, if no other instance is running one (a session advisory lock on a connection reserved for the run:
 * should this process die, PostgreSQL frees it). Returns null when another holds it.
 */
export async function runRetention(db: Db, options: Options = {}): Promise<RetentionRun | null> {
  const client = (db as unknown as { $client: import("postgres").Sql }).$client;
  const lockConn = await client.reserve();
  try {
    const [got] =
      await lockConn`select pg_try_advisory_lock(hashtextextended('fleetwatch.retention', 0)) as ok`;
    if (!got?.ok) return null;
    try {
      return await runLocked(db, options);
    } finally {
      await lockConn`select pg_advisory_unlock(hashtextextended('fleetwatch.retention', 0))`;
    }
  } finally {
    lockConn.release();
  }
}

async function runLocked(
  db: Db,
  { now = new Date(), projectIds, chunk = 5000 }: Options,
): Promise<RetentionRun> {
  const run: RetentionRun = { projects: [], ms: { partitions: 0, ledger: 0, rows: 0 } };
  await dropDetachedDays(db); // days an earlier run detached and died before dropping
  const projects = await db
    .select({
      id: project.id,
      slug: project.slug,
      rawDays: project.rawRetentionDays,
      jobDays: project.jobRetentionDays,
    })
    .from(project)
    .where(isNull(project.deletedAt));
  for (const p of projects) {
    if (projectIds && !projectIds.includes(p.id)) continue;
    await ensureDays(
      db,
      daysAround(now).map((day) => ({ projectId: p.id, day })),
    );
    const r = await applyRetention(db, p, now, chunk, run.ms);
    run.projects.push(r);
    const removed = r.days.length + r.jobs + r.failureIssues + r.usageHourly + r.jobUsage;
    if (removed === 0) continue;
    await db.transaction(async (tx) => {
      if (r.days.length > 0) {
        const before = new Date(Date.parse(r.days[r.days.length - 1] as string) + DAY_MS);
        await tx
          .update(project)
          .set({
            rawEventsRemovedBefore: sql`greatest(${project.rawEventsRemovedBefore}, ${before.toISOString()}::timestamptz)`,
            rawEventsRemovedAt: now,
          })
          .where(eq(project.id, p.id));
      }
      await recordAudit(tx, systemActor("retention"), {
        action: "retention.run",
        objectType: "project",
        objectId: p.id,
        objectLabel: p.slug,
        projectId: p.id,
        before: null,
        after: {
          raw_retention_days: p.rawDays,
          job_retention_days: p.jobDays,
          days_dropped: r.days,
          events_estimate: r.events,
          transcript_entries_estimate: r.transcriptEntries,
          ledger_rows: r.ledgerRows,
          days_kept_pending: r.keptPending,
          jobs: r.jobs,
          failure_issues: r.failureIssues,
          usage_hourly: r.usageHourly,
          job_usage: r.jobUsage,
        },
      });
    });
  }
  return run;
}

async function rowsIn(db: Db, name: string): Promise<number> {
  const [est] = rowsOf<{ n: number }>(
    await db.execute(sql`select reltuples::bigint as n from pg_class where relname = ${name}`),
  );
  if (est && Number(est.n) >= 0) return Number(est.n);
  const [exact] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::bigint as n from ${sql.identifier(name)}`),
  );
  return Number(exact?.n ?? 0);
}

/** Deletes `select ctid ... limit chunk` batches until one comes back short; returns the rows removed. */
export async function deleteInChunks(db: Db, table: string, where: ReturnType<typeof sql>, chunk: number) {
  const t = sql.identifier(table);
  let total = 0;
  for (;;) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`
        with gone as (
          delete from ${t} where ctid = any(array(select ctid from ${t} where ${where} limit ${chunk}))
          returning 1)
        select count(*)::int as n from gone`),
    );
    const n = row?.n ?? 0;
    total += n;
    if (n < chunk) return total;
  }
}

type P = { id: string; rawDays: number; jobDays: number };

async function applyRetention(db: Db, p: P, now: Date, chunk: number, ms: RetentionRun["ms"]) {
  const r: ProjectRetention = {
    projectId: p.id,
    days: [],
    events: 0,
    transcriptEntries: 0,
    keptPending: [],
    ledgerRows: 0,
    jobs: 0,
    failureIssues: 0,
    usageHourly: 0,
    jobUsage: 0,
  };
  const rawHorizon = now.getTime() - p.rawDays * DAY_MS;
  const longHorizon = new Date(now.getTime() - p.jobDays * DAY_MS).toISOString();
  // a day goes when it ended before the horizon, and none of its events waits for the projector
  const parts = (await listDayPartitions(db, p.id)).filter((d) => Date.parse(d.day) + DAY_MS <= rawHorizon);
  const waiting = new Set(
    rowsOf<{ day: string }>(
      await db.execute(sql`select distinct to_char(event_time at time zone 'UTC', 'YYYY-MM-DD') as day
        from event_pending where project_id = ${p.id} and event_time < ${new Date(rawHorizon).toISOString()}`),
    ).map((x) => x.day),
  );
  const t0 = performance.now();
  for (const day of [...new Set(parts.map((d) => d.day))]) {
    if (waiting.has(day)) {
      r.keptPending.push(day);
      continue;
    }
    for (const part of parts.filter((d) => d.day === day)) {
      const n = await rowsIn(db, part.name);
      if (!(await dropPartition(db, part.name))) continue;
      if (part.table === "event") r.events += n;
      else r.transcriptEntries += n;
    }
    r.days.push(day);
  }
  const t1 = performance.now();
  for (const day of r.days) {
    const from = `${day}T00:00:00Z`;
    const to = new Date(Date.parse(from) + DAY_MS).toISOString();
    r.ledgerRows += await deleteInChunks(
      db,
      "event_key",
      sql`project_id = ${p.id} and time >= ${from}::timestamptz and time < ${to}::timestamptz`,
      chunk,
    );
  }
  const t2 = performance.now();
  r.jobs = await deleteInChunks(
    db,
    "job",
    sql`project_id = ${p.id} and sort_at < ${longHorizon}::timestamptz and last_event_at < ${longHorizon}::timestamptz`,
    chunk,
  );
  r.failureIssues = await deleteInChunks(
    db,
    "failure_issue",
    sql`project_id = ${p.id} and last_seen_at < ${longHorizon}::timestamptz`,
    chunk,
  );
  r.usageHourly = await deleteInChunks(
    db,
    "usage_hourly",
    sql`project_id = ${p.id} and hour < ${longHorizon}::timestamptz`,
    chunk,
  );
  r.jobUsage = await deleteInChunks(
    db,
    "job_usage",
    sql`project_id = ${p.id} and hour < ${longHorizon}::timestamptz`,
    chunk,
  );
  ms.partitions += t1 - t0;
  ms.ledger += t2 - t1;
  ms.rows += performance.now() - t2;
  return r;
}
