// Removes the rows of deleted projects (deleted_at set by lib/projects/manage.ts) in the background.
//
// Why batches: a project can hold millions of events and transcript entries. One `DELETE FROM project` would
// cascade through all of them in one transaction, holding row locks and bloating WAL for minutes. Instead each
// big table is emptied a batch at a time, every batch its own short statement (autocommit), children before
// parents so no cascade has much left to do; the project row goes last and its cascade only meets the small
// configuration tables (keys, budgets, rules, destinations, webhooks, access lists).
//
// event and transcript_entry are partitioned by project (docs/adr/0038-partitioned-events.md): the project's
// tables are detached and dropped whole, no row by row DELETE (a ctid DELETE on a partitioned table would also
// match rows of other partitions).
//
// Several instances may run this at once: a DELETE of rows another instance already removed removes nothing,
// and only the instance whose final DELETE returns the project row records the audit entry.
import { and, asc, inArray, isNotNull, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { Db } from "@/db/client";
import { project } from "@/db/schema";
import { recordAudit, systemActor } from "@/lib/audit/record";
import { dropProjectPartitions } from "@/lib/retention/partitions";

/**
 * The tables emptied batch by batch, in order. Each has an index starting with project_id (so a batch is an index
 * range, not a table scan) except notification (the outbox, small once delivered rows age). Rows of the tables
 * not listed go with a cascade: transcript entries' jobs, issue_activity with its failure_issue, incident_event
 * with its incident, and the configuration tables with the project row. audit_log is kept: it is history.
 */
export const PURGE_ORDER = [
  "event_pending",
  "event_key",
  "job_usage",
  "alert_signal",
  "notification",
  "incident",
  "alert_event",
  "job",
  // emptied by job's delete triggers as its jobs go; whatever is left goes here
  "failure_daily",
  "failure_issue",
  "usage_hourly",
  "job_outcome_hourly",
  "job_label_key_hourly",
  "usage_daily",
  "agent",
] as const;

/** Partitioned by project: the project's tables are detached and dropped whole, before PURGE_ORDER. */
export const DROPPED_WHOLE = ["event", "transcript_entry"] as const;

/** Tables whose rows outlive their project on purpose. */
export const KEPT_TABLES = ["audit_log"] as const;

export type PurgeOptions = {
  /** rows per DELETE statement */
  batchSize?: number;
  /** stop after this many statements (a tick's budget); the next tick resumes where this one stopped */
  maxBatches?: number;
  /** only these deleted projects (a pass that must not spend its budget on others, as in tests sharing a database) */
  projectIds?: string[];
};

export type PurgeResult = {
  /** projects whose row is gone (fully removed) during this pass */
  purged: string[];
  /** rows removed per table during this pass (cascades not counted) */
  removed: Record<string, number>;
  /** true when the batch budget ran out before every deleted project was removed */
  more: boolean;
};

async function deleteBatch(db: Db, table: string, projectId: string, limit: number): Promise<number> {
  const t = sql.identifier(table);
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`
      with gone as (
        delete from ${t} where ctid = any(array(
          select ctid from ${t} where project_id = ${projectId}::uuid limit ${limit}))
        returning 1)
      select count(*)::int as n from gone`),
  );
  return row?.n ?? 0;
}

/** One pass over the deleted projects, oldest deletion first, within the batch budget. */
export async function purgeDeletedProjects(db: Db, opts: PurgeOptions = {}): Promise<PurgeResult> {
  const batchSize = opts.batchSize ?? 1000;
  let budget = opts.maxBatches ?? 200;
  const result: PurgeResult = { purged: [], removed: {}, more: false };
  const pending = await db
    .select({ id: project.id, slug: project.slug, name: project.name, deletedAt: project.deletedAt })
    .from(project)
    .where(
      opts.projectIds
        ? and(isNotNull(project.deletedAt), inArray(project.id, opts.projectIds))
        : isNotNull(project.deletedAt),
    )
    .orderBy(asc(project.deletedAt));
  for (const p of pending) {
    const dropped = await dropProjectPartitions(db, p.id);
    if (dropped > 0) result.removed.partitions = (result.removed.partitions ?? 0) + dropped;
    for (const table of PURGE_ORDER) {
      for (;;) {
        if (budget <= 0) {
          result.more = true;
          return result;
        }
        budget -= 1;
        const n = await deleteBatch(db, table, p.id, batchSize);
        if (n > 0) result.removed[table] = (result.removed[table] ?? 0) + n;
        if (n < batchSize) break;
      }
    }
    // The big tables are empty: the row and the configuration that cascades from it go in one transaction.
    const gone = await db.transaction(async (tx) => {
      const [row] = rowsOf<{ id: string }>(
        await tx.execute(
          sql`delete from project where id = ${p.id}::uuid and deleted_at is not null returning id`,
        ),
      );
      if (!row) return false; // another instance finished it
      await recordAudit(tx, systemActor("project-purge"), {
        action: "project.purge",
        objectType: "project",
        objectId: p.id,
        objectLabel: p.slug,
        projectId: p.id,
        before: { slug: p.slug, name: p.name, deleted_at: p.deletedAt?.toISOString() ?? null },
        after: null,
      });
      return true;
    });
    if (gone) result.purged.push(p.slug);
  }
  return result;
}
