// The jobs list's filters on where a job sits in a run (trigger, schedule, step, run, pipeline) and the retry
// attempt numbers of a page. Shared by the jobs list and the runs list (lib/runs-list).
import { eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { job } from "@/db/schema";
import type { JobSummary, JobsQuery } from "./schemas";

/** Conditions on the job itself: agent, model, harness, trigger kind, schedule (name or cron expression). */
export function rootFilterSql(
  f: Pick<JobsQuery, "agent" | "model" | "harness" | "trigger" | "schedule">,
): SQL[] {
  const where: SQL[] = [];
  if (f.agent) where.push(eq(job.agentName, f.agent));
  if (f.model) where.push(eq(job.model, f.model));
  if (f.harness) where.push(eq(job.harness, f.harness));
  if (f.trigger) where.push(eq(job.trigger, f.trigger));
  if (f.schedule) where.push(or(eq(job.triggerSchedule, f.schedule), eq(job.triggerName, f.schedule)) as SQL);
  return where;
}

/** Retries follow the chain this deep for their attempt number: a longer chain shows its first 11 attempts. */
const MAX_CHAIN = 10;

/**
 * The page's jobs with the attempt number of each retry: 2 when it retries a job that is no retry, 3 when that
 * one was a retry, and so on. One recursive query for the whole page, along job_project_external_uq.
 */
export async function withAttempts(db: DbOrTx, projectId: string, jobs: JobSummary[]): Promise<JobSummary[]> {
  const retries = jobs.filter((j) => j.retry_of !== null).map((j) => j.external_id);
  if (retries.length === 0) return jobs;
  const result = await db.execute(sql`
    with recursive chain(start, ext, n) as (
      select j.external_id, j.retry_of_external_id, 2 from job j
       where j.project_id = ${projectId} and j.external_id in (${sql.join(
         retries.map((e) => sql`${e}`),
         sql`, `,
       )})
      union all
      select c.start, p.retry_of_external_id, c.n + 1 from chain c
        join job p on p.project_id = ${projectId} and p.external_id = c.ext
       where p.retry_of_external_id is not null and c.n < ${MAX_CHAIN + 1}
    )
    select start, max(n)::int as attempt from chain group by start`);
  const attempts = new Map(
    rowsOf<{ start: string; attempt: number }>(result).map((r) => [r.start, r.attempt]),
  );
  return jobs.map((j) => (j.retry_of ? { ...j, attempt: attempts.get(j.external_id) ?? 2 } : j));
}

/** Ids as a condition, for filters worked out in code (the pipeline filter). */
export function jobIdsIn(ids: string[]): SQL {
  return ids.length ? inArray(job.id, ids) : sql`false`;
}
