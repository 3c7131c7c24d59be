// Which jobs make up a run, in SQL. A run is a root job (no parent, no retry_of, no root_job or a root_job that
// names itself) plus every job that names the root in root_job, and every job reaching one of those through
// parent_job or retry_of (a retry belongs to the run of the job it retries). Each link has its partial index
// (job_project_parent_idx, job_project_root_idx, job_project_retry_of_idx), so a run costs what it holds.
import { and, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { job } from "@/db/schema";
import type { MemberJob } from "./rollup";

/** The conditions that make a job a run's root. */
export function isRootSql(): SQL {
  return and(
    isNull(job.parentExternalId),
    isNull(job.retryOfExternalId),
    or(isNull(job.rootExternalId), eq(job.rootExternalId, job.externalId)),
  ) as SQL;
}

/**
 * `(root_id, ext)` of every member of the runs rooted at `rootIds` (Fleetwatch ids), the roots included.
 * UNION (not UNION ALL) drops a pair already found, so a cycle of parent links (a runner's mistake) ends.
 */
export function runMembersCte(projectId: string, rootIds: SQL): SQL {
  return sql`
    seed(root_id, ext) as (
      select r.id, r.external_id from job r where r.project_id = ${projectId} and r.id in (${rootIds})
      union
      select r.id, c.external_id from job r
        join job c on c.project_id = r.project_id and c.root_external_id = r.external_id
        where r.project_id = ${projectId} and r.id in (${rootIds})
    ),
    members(root_id, ext) as (
      select root_id, ext from seed
      union
      select m.root_id, c.external_id from members m
        join job c on c.project_id = ${projectId}
          and (c.parent_external_id = m.ext or c.retry_of_external_id = m.ext)
    )`;
}

/** Fleetwatch ids of the jobs of the run rooted at `rootId`. */
export function runJobIdsSql(projectId: string, rootId: string): SQL {
  return sql`(with recursive ${runMembersCte(projectId, sql`${rootId}::uuid`)}
    select j.id from members m join job j on j.project_id = ${projectId} and j.external_id = m.ext)`;
}

/** True when the run rooted at the outer query's job has a job of this step (for the runs list's step filter). */
export function runHasStepSql(projectId: string, step: string): SQL {
  return sql`exists (with recursive ${runMembersCte(projectId, sql`${job.id}`)}
    select 1 from members m join job j on j.project_id = ${projectId} and j.external_id = m.ext
    where j.step = ${step})`;
}

const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** The jobs of each run rooted at `rootIds`, by root id (a job reached twice is listed once). */
export async function runMembers({
  db,
  projectId,
  rootIds,
}: {
  db: DbOrTx;
  projectId: string;
  rootIds: string[];
}): Promise<Map<string, MemberJob[]>> {
  const byRoot = new Map<string, MemberJob[]>(rootIds.map((id) => [id, []]));
  if (rootIds.length === 0) return byRoot;
  const result = await db.execute(sql`with recursive ${runMembersCte(projectId, idList(rootIds))}
    select m.root_id, j.id, j.external_id, j.parent_external_id,
      j.retry_of_external_id, j.step, j.status, j.failure_class, j.cost_usd,
      (j.input_tokens + j.output_tokens + j.cache_read_tokens + j.cache_write_tokens)::text as tokens,
      j.sort_at, j.started_at, j.ended_at
    from members m join job j on j.project_id = ${projectId} and j.external_id = m.ext
    order by m.root_id, j.id`);
  const rows = rowsOf<{
    root_id: string;
    id: string;
    external_id: string;
    parent_external_id: string | null;
    retry_of_external_id: string | null;
    step: string | null;
    status: MemberJob["status"];
    failure_class: string | null;
    cost_usd: string | null;
    tokens: string;
    sort_at: string;
    started_at: string | null;
    ended_at: string | null;
  }>(result);
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  for (const r of rows) {
    byRoot.get(r.root_id)?.push({
      id: r.id,
      externalId: r.external_id,
      parentExternalId: r.parent_external_id,
      retryOfExternalId: r.retry_of_external_id,
      step: r.step,
      status: r.status,
      failureClass: r.failure_class,
      costUsd: r.cost_usd === null ? null : Number(r.cost_usd),
      tokens: Number(r.tokens),
      sortAt: new Date(r.sort_at),
      startedAt: date(r.started_at),
      endedAt: date(r.ended_at),
    });
  }
  for (const list of byRoot.values()) list.sort((a, b) => a.sortAt.getTime() - b.sortAt.getTime());
  return byRoot;
}
