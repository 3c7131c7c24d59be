// Rebuilds the aggregate tables whose rows merge facts of many jobs (issue 17), from the per-job rows the write
// path keeps beside them. The write path maintains these aggregates incrementally; a bulk load that copies
// per-job rows (bench/lib/scale-fleet.ts clones a template fleet) or any repair then calls rebuildRollups to put
// every aggregate of the project back to what folding the same events would have left.
//
// The registry is an array on purpose: a rollup added later (daily job counts, per-class failure counts...)
// appends its rebuilder to ROLLUP_REBUILDERS and every caller of rebuildRollups rebuilds it too. A rebuilder
// replaces the project's rows in one statement or a few, inside the caller's transaction.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { rebuildFailureDaily } from "./failure-daily";
import { rebuildJobOutcomes } from "./job-outcomes";
import { rebuildLabelKeys } from "./label-keys";
import { rebuildUsageDaily } from "./usage-daily";

export type RollupRebuilder = {
  /** the aggregate table (or tables) it rebuilds, for reports */
  name: string;
  /** replaces the project's aggregate rows; returns how many rows it wrote */
  rebuild: (db: DbOrTx, projectId: string) => Promise<number>;
};

const count = (r: unknown) => rowsOf<{ n: number }>(r)[0]?.n ?? 0;

/**
 * usage_hourly is the sum of job_usage under each job's current key (lib/costs/rollup.ts applyUsage moves a
 * job's rows when its agent or harness changes): one row per hour x agent x model x harness.
 */
export const usageHourlyRebuilder: RollupRebuilder = {
  name: "usage_hourly",
  rebuild: async (db, projectId) => {
    await db.execute(sql`delete from usage_hourly where project_id = ${projectId}::uuid`);
    return count(
      await db.execute(sql`
        with written as (
          insert into usage_hourly (project_id, hour, agent_name, model, harness, input_tokens, output_tokens,
            cache_read_tokens, cache_write_tokens, cost_usd, reported_cost_usd, computed_cost_usd, usage_events,
            unpriced_events)
          select project_id, hour, agent_name, model, harness, sum(input_tokens), sum(output_tokens),
            sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_usd), sum(reported_cost_usd),
            sum(computed_cost_usd), sum(usage_events), sum(unpriced_events)
          from job_usage where project_id = ${projectId}::uuid
          group by project_id, hour, agent_name, model, harness
          returning 1)
        select count(*)::int as n from written`),
    );
  },
};

/**
 * failure_issue's counters (event_count, first_seen_at, last_seen_at) as lib/failures/issues.ts recordFailures
 * counts them: each failed job once into the issue its failure_issue_id names, by its ended_at; an issue merged
 * into another also counts into the target (which then counts its own jobs and every merged child's).
 * Issues no job points at keep their counters (a reclassification may have emptied them on purpose).
 * The triage state, lists of agents/models/harnesses and titles are not aggregates of counts: left as they are.
 */
export const failureIssueRebuilder: RollupRebuilder = {
  name: "failure_issue (event_count, first_seen_at, last_seen_at)",
  rebuild: async (db, projectId) =>
    count(
      await db.execute(sql`
        with own as (
          select failure_issue_id as id, count(*)::int as n, min(ended_at) as first, max(ended_at) as last
          from job
          where project_id = ${projectId}::uuid and failure_issue_id is not null and ended_at is not null
          group by failure_issue_id),
        counted as (
          select i.id, o.n, o.first, o.last from failure_issue i join own o on o.id = i.id
          where i.project_id = ${projectId}::uuid
          union all
          select i.merged_into_id, o.n, o.first, o.last from failure_issue i join own o on o.id = i.id
          where i.project_id = ${projectId}::uuid and i.merged_into_id is not null),
        totals as (
          select id, sum(n)::int as n, min(first) as first, max(last) as last from counted group by id),
        written as (
          update failure_issue i set event_count = t.n, first_seen_at = t.first, last_seen_at = t.last
          from totals t where i.id = t.id and i.project_id = ${projectId}::uuid
          returning 1)
        select count(*)::int as n from written`),
    ),
};

/** A rollup table kept by triggers (migrations 0010, 0011 and the label-key one), recomputed by `rebuild`; reports its row count. */
function triggerRollup(
  table: "job_outcome_hourly" | "usage_daily" | "failure_daily" | "job_label_key_hourly",
  rebuild: (p: { db: DbOrTx; projectId: string }) => Promise<void>,
): RollupRebuilder {
  return {
    name: table,
    rebuild: async (db, projectId) => {
      await rebuild({ db, projectId });
      return count(
        await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}
          where project_id = ${projectId}::uuid`),
      );
    },
  };
}

/**
 * Every aggregate rebuilt by rebuildRollups, in order (usage_daily after usage_hourly, which it sums). Append a
 * rollup's rebuilder here when it lands.
 */
export const ROLLUP_REBUILDERS: RollupRebuilder[] = [
  usageHourlyRebuilder,
  failureIssueRebuilder,
  triggerRollup("usage_daily", rebuildUsageDaily),
  triggerRollup("job_outcome_hourly", rebuildJobOutcomes),
  triggerRollup("failure_daily", rebuildFailureDaily),
  triggerRollup("job_label_key_hourly", rebuildLabelKeys),
];

/** Rebuilds every registered aggregate of the project in one transaction; returns rows written per rebuilder. */
export async function rebuildRollups({
  db,
  projectId,
}: {
  db: DbOrTx;
  projectId: string;
}): Promise<Record<string, number>> {
  return db.transaction(async (tx) => {
    const written: Record<string, number> = {};
    for (const r of ROLLUP_REBUILDERS) written[r.name] = await r.rebuild(tx, projectId);
    return written;
  });
}
