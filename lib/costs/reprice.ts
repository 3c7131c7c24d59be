// Re-applies the price table to stored usage: after a price edit, costs at or after a date are recomputed from
// the raw usage events and the rollups and job totals rewritten. An admin action, not a hot path.
import { and, eq, gte, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { Db, DbOrTx } from "@/db/client";
import { jobUsage, project, usageHourly } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { loadPriceTable } from "./prices";
import { type PriceTable, priceUsage } from "./pricing";
import { applyUsage, type Contribution, hourOf, type JobKey, measuresOf } from "./rollup";

const CHUNK = 5000;

export type UsageEventRow = {
  id: string;
  time: Date;
  data: Record<string, unknown>;
  job_id: string;
  agent_name: string | null;
  harness: string | null;
};

/** Every usage event of a project at or after `from`, with its job, in (time, id) order, chunk by chunk. */
export async function* usageEvents(
  db: DbOrTx,
  projectId: string,
  from: Date,
): AsyncGenerator<UsageEventRow[]> {
  let after: { time: string; id: string } | null = null;
  for (;;) {
    const keyset: ReturnType<typeof sql> = after
      ? sql`and (e.time, e.id) > (${after.time}::timestamptz, ${after.id})`
      : sql``;
    const rows = rowsOf<Omit<UsageEventRow, "time" | "data"> & { time: string | Date; data: unknown }>(
      await db.execute(sql`
        select e.id, e.time, e.data, j.id as job_id, j.agent_name, j.harness
        from event e join job j on j.project_id = e.project_id and j.external_id = e.job_external_id
        where e.project_id = ${projectId} and e.type = 'job.usage' and e.time >= ${from.toISOString()}::timestamptz
          ${keyset}
        order by e.time, e.id limit ${CHUNK}`),
    );
    if (rows.length === 0) return;
    const out = rows.map((r) => ({
      ...r,
      time: new Date(r.time),
      data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    }));
    yield out;
    const last = out[out.length - 1] as UsageEventRow;
    after = { time: last.time.toISOString(), id: last.id };
    if (rows.length < CHUNK) return;
  }
}

export function contributionsOf(table: PriceTable, rows: UsageEventRow[]) {
  const keys = new Map<string, JobKey>();
  const contributions: Contribution[] = rows.map((r) => {
    keys.set(r.job_id, { agentName: r.agent_name ?? "", harness: r.harness ?? "" });
    const p = priceUsage(table, r.data, r.time);
    return { jobId: r.job_id, hour: hourOf(r.time), model: p.model, measures: measuresOf(p) };
  });
  return { keys, contributions };
}

/** Rewrites job cost totals from job_usage for the given jobs (the same rules as ingest). */
async function refreshJobTotals(db: DbOrTx, projectId: string, since: Date) {
  await db.execute(sql`
    update job j set
      computed_cost_usd = nullif(s.computed, 0),
      cost_usd = case when s.events > s.unpriced then s.cost end,
      unpriced_usage_events = s.unpriced
    from (
      select job_id, sum(computed_cost_usd) as computed, sum(cost_usd) as cost,
        sum(usage_events) as events, sum(unpriced_events) as unpriced
      from job_usage
      where job_id in (select distinct job_id from job_usage where project_id = ${projectId} and hour >= ${since.toISOString()}::timestamptz)
      group by job_id
    ) s
    where j.id = s.job_id and j.project_id = ${projectId}`);
}

async function repriceProject(db: DbOrTx, projectId: string, from: Date, table: PriceTable) {
  const since = hourOf(from);
  const inRange = (t: typeof jobUsage | typeof usageHourly) =>
    and(eq(t.projectId, projectId), gte(t.hour, since));
  // Jobs whose usage is removed now and not re-added below still need their totals rewritten.
  const touched = rowsOf<{ job_id: string }>(
    await db.execute(
      sql`select distinct job_id from job_usage where project_id = ${projectId} and hour >= ${since.toISOString()}::timestamptz`,
    ),
  ).map((r) => r.job_id);
  await db.delete(jobUsage).where(inRange(jobUsage));
  await db.delete(usageHourly).where(inRange(usageHourly));
  let events = 0;
  for await (const chunk of usageEvents(db, projectId, since)) {
    const { keys, contributions } = contributionsOf(table, chunk);
    await applyUsage(db, projectId, keys, new Set(keys.keys()), contributions);
    events += chunk.length;
  }
  await refreshJobTotals(db, projectId, since);
  if (touched.length > 0) {
    // Jobs left with no usage at all in job_usage (their only usage was removed and none re-added).
    await db.execute(sql`
      update job set computed_cost_usd = null, cost_usd = null, unpriced_usage_events = 0
      where project_id = ${projectId} and id = any(${`{${touched.join(",")}}`}::uuid[])
        and not exists (select 1 from job_usage u where u.job_id = job.id)`);
  }
  const [jobs] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(distinct job_id)::int as n from job_usage where project_id = ${projectId} and hour >= ${since.toISOString()}::timestamptz`,
    ),
  );
  return { usageEvents: events, jobs: Number(jobs?.n ?? 0) };
}

/**
 * Recomputes the cost of stored usage at or after `from` (rounded down to the hour) with the current price
 * table, for one project or all. Runs in one transaction that holds the rollup tables against concurrent
 * ingest (which waits), so no usage is counted twice or lost.
 */
export async function repriceHistory({
  db,
  from,
  projectId,
  actor,
}: {
  db: Db;
  from: Date;
  projectId?: string;
  /** Who asked (recorded in the audit log in the same transaction). */
  actor: AuditActor;
}): Promise<{ usageEvents: number; jobs: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table job_usage, usage_hourly in share row exclusive mode`);
    const table = await loadPriceTable(tx);
    const projects = projectId
      ? [projectId]
      : (await tx.select({ id: project.id }).from(project)).map((p) => p.id);
    const total = { usageEvents: 0, jobs: 0 };
    for (const id of projects) {
      const r = await repriceProject(tx, id, from, table);
      total.usageEvents += r.usageEvents;
      total.jobs += r.jobs;
    }
    await recordAudit(tx, actor, {
      action: "price.reprice",
      objectType: "usage",
      objectLabel: projectId ? "one project" : "all projects",
      projectId: projectId ?? null,
      after: { from: from.toISOString(), ...total },
    });
    return total;
  });
}
