// Named queries of runs: a job's run (its root and every job under it) and the Task calls that started
// sub-agent jobs. Each takes one params object with the project id.
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { job, transcriptEntry } from "@/db/schema";
import { jobMatch } from "@/lib/jobs/queries";
import { RUN_JOB_LIMIT, type Run, type RunJob } from "./schemas";
import { matchSpawns, type SpawnCall, type SpawnChild } from "./spawns";
import { buildRun, ROOT_WALK_LIMIT, resolveRoot } from "./tree";

type JobRow = typeof job.$inferSelect;
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function toRunJob(r: JobRow): RunJob {
  return {
    id: r.id,
    external_id: r.externalId,
    parent: r.parentExternalId,
    root: r.rootExternalId,
    retry_of: r.retryOfExternalId,
    title: r.title,
    agent: r.agentName,
    model: r.model,
    step: r.step,
    status: r.status,
    started_at: isoOrNull(r.startedAt),
    ended_at: isoOrNull(r.endedAt),
    sort_at: (r.sortAt ?? r.firstEventAt).toISOString(),
    duration_ms: r.durationMs,
    cost_usd: r.costUsd == null ? null : Number(r.costUsd),
    tokens: {
      input: r.inputTokens,
      output: r.outputTokens,
      cache_read: r.cacheReadTokens,
      cache_write: r.cacheWriteTokens,
    },
  };
}

/**
 * The root of the run of job `ext`: one recursive query up the parent chain (retry_of where a job has no parent),
 * by the unique (project, external id) index, stopping at an explicit root_job and after ROOT_WALK_LIMIT steps (a
 * parent_job loop repeats rows until then; the walk in resolveRoot stops at the loop).
 */
export async function findRunRoot({ db, projectId, ext }: { db: DbOrTx; projectId: string; ext: string }) {
  const chain = await db
    .select({
      ext: job.externalId,
      parent: job.parentExternalId,
      root: job.rootExternalId,
      retry_of: job.retryOfExternalId,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, projectId),
        sql`${job.externalId} in (
          with recursive up(ext, parent, root, retry_of, depth) as (
            select external_id, parent_external_id, root_external_id, retry_of_external_id, 0
              from job where project_id = ${projectId} and external_id = ${ext}
            union all
            select j.external_id, j.parent_external_id, j.root_external_id, j.retry_of_external_id, up.depth + 1
              from up join job j
                on j.project_id = ${projectId} and j.external_id = coalesce(up.parent, up.retry_of)
             where up.root is null and up.depth < ${ROOT_WALK_LIMIT}
          )
          select ext from up)`,
      ),
    );
  const byExt = new Map(chain.map((r) => [r.ext, r]));
  return resolveRoot(ext, (x) => byExt.get(x));
}

/**
 * Every job of the run rooted at `root`, up to RUN_JOB_LIMIT + 1: the root and the jobs naming it in root_job,
 * then down parent_job and retry_of (job_project_root_idx, job_project_parent_idx, job_project_retry_of_idx).
 * UNION (not UNION ALL) drops rows already found, so a parent_job loop ends; the LIMIT stops the recursion
 * early for a huge run. A job that names another run in root_job belongs to that run and is not followed.
 */
async function runJobs({ db, projectId, root }: { db: DbOrTx; projectId: string; root: string }) {
  const ours = sql`(root_external_id is null or root_external_id = ${root})`;
  const members: SQL = sql`${job.id} in (
    with recursive run(id, ext) as (
      -- the root by its id, reported or not: the children of a root not reported yet are found through it
      select null::uuid, ${root}::text
      union
      select id, external_id from job where project_id = ${projectId} and external_id = ${root}
      union
      select id, external_id from job where project_id = ${projectId} and root_external_id = ${root}
      union
      select c.id, c.external_id from run r cross join lateral (
        select id, external_id from job
         where project_id = ${projectId} and parent_external_id = r.ext and ${ours}
        union all
        select id, external_id from job
         where project_id = ${projectId} and retry_of_external_id = r.ext and ${ours}
      ) c
    )
    select id from run where id is not null limit ${RUN_JOB_LIMIT + 1})`;
  const rows = await db
    .select()
    .from(job)
    .where(and(eq(job.projectId, projectId), members))
    .orderBy(asc(job.sortAt), asc(job.externalId));
  return { jobs: rows.slice(0, RUN_JOB_LIMIT).map(toRunJob), truncated: rows.length > RUN_JOB_LIMIT };
}

/** The run of a job given by Fleetwatch's id or the runner's id, or null when there is no such job. */
export async function getRun({
  db,
  projectId,
  id,
}: {
  db: DbOrTx;
  projectId: string;
  id: string;
}): Promise<Run | null> {
  const [found] = await db
    .select({ ext: job.externalId })
    .from(job)
    .where(and(eq(job.projectId, projectId), jobMatch(id)))
    .limit(1);
  if (!found) return null;
  const root = await findRunRoot({ db, projectId, ext: found.ext });
  const { jobs, truncated } = await runJobs({ db, projectId, root });
  return buildRun({
    rootExternalId: root,
    jobExternalId: found.ext,
    jobs,
    truncated,
    jobLimit: RUN_JOB_LIMIT,
  });
}

/** The Task/Agent calls of a job (main thread and in-transcript branches) with when each got its result. */
async function spawnCalls({ db, projectId, jobId }: { db: DbOrTx; projectId: string; jobId: string }) {
  const rows = await db
    .select({
      entry_id: transcriptEntry.eventId,
      call_id: transcriptEntry.callId,
      time: transcriptEntry.time,
      // epoch milliseconds: a number whatever the driver makes of a timestamp in raw SQL
      result_ms: sql<number | null>`(
        select (extract(epoch from min(r.time)) * 1000)::float8 from transcript_entry r
         -- spelled out: drizzle leaves the table name off columns of a one-table select, and a bare call_id
         -- here would be r's own
         where r.job_id = transcript_entry.job_id and r.call_id = transcript_entry.call_id
           and r.kind = 'tool_result')`,
    })
    .from(transcriptEntry)
    .where(
      and(
        eq(transcriptEntry.projectId, projectId),
        eq(transcriptEntry.jobId, jobId),
        eq(transcriptEntry.kind, "tool_call"),
        sql`${transcriptEntry.callId} is not null`,
        sql`(${transcriptEntry.tool} in ('Task', 'Agent') or ${transcriptEntry.content} ? 'subagent_type')`,
      ),
    )
    .orderBy(asc(transcriptEntry.time), asc(transcriptEntry.eventId))
    .limit(RUN_JOB_LIMIT);
  return rows.map(
    (r): SpawnCall => ({
      entry_id: r.entry_id,
      call_id: r.call_id as string,
      time: r.time.toISOString(),
      result_time: r.result_ms == null ? null : new Date(Number(r.result_ms)).toISOString(),
    }),
  );
}

async function childJobs({ db, projectId, parentExt }: { db: DbOrTx; projectId: string; parentExt: string }) {
  const rows = await db
    .select({
      id: job.id,
      external_id: job.externalId,
      title: job.title,
      agent: job.agentName,
      at: job.sortAt,
    })
    .from(job)
    .where(and(eq(job.projectId, projectId), eq(job.parentExternalId, parentExt)))
    .orderBy(asc(job.sortAt), asc(job.externalId))
    .limit(RUN_JOB_LIMIT);
  return rows.map(
    (r): SpawnChild => ({
      id: r.id,
      external_id: r.external_id,
      title: r.title,
      agent: r.agent,
      started_at: (r.at as Date).toISOString(),
    }),
  );
}

export type SpawnLinks = {
  /** Sub-agent jobs this job's Task calls started, by call id. */
  byCall: Record<string, SpawnChild[]>;
  /** The job's parent when it is reported (it may belong to another run: found by its id, not the tree). */
  parent: { id: string; external_id: string; title: string | null } | null;
  /** The parent's Task call that started this job, when it can be told. */
  startedBy: { job_id: string; external_id: string; entry_id: string } | null;
};

/** The links between a job's Task calls and its child jobs, and from the job to its parent's call. */
export async function getSpawnLinks({
  db,
  projectId,
  job: j,
}: {
  db: DbOrTx;
  projectId: string;
  job: { id: string; external_id: string; parent_job: string | null };
}): Promise<SpawnLinks> {
  const links: SpawnLinks = { byCall: {}, parent: null, startedBy: null };
  const [calls, children] = await Promise.all([
    spawnCalls({ db, projectId, jobId: j.id }),
    childJobs({ db, projectId, parentExt: j.external_id }),
  ]);
  for (const [callId, kids] of matchSpawns(calls, children)) links.byCall[callId] = kids;
  if (j.parent_job) {
    const [parent] = await db
      .select({ id: job.id, ext: job.externalId, title: job.title })
      .from(job)
      .where(and(eq(job.projectId, projectId), eq(job.externalId, j.parent_job)))
      .limit(1);
    if (parent) {
      links.parent = { id: parent.id, external_id: parent.ext, title: parent.title };
      const [pCalls, siblings] = await Promise.all([
        spawnCalls({ db, projectId, jobId: parent.id }),
        childJobs({ db, projectId, parentExt: parent.ext }),
      ]);
      for (const [callId, kids] of matchSpawns(pCalls, siblings)) {
        if (!kids.some((k) => k.id === j.id)) continue;
        const call = pCalls.find((c) => c.call_id === callId);
        if (call) links.startedBy = { job_id: parent.id, external_id: parent.ext, entry_id: call.entry_id };
      }
    }
  }
  return links;
}
