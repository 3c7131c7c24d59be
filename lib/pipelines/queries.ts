// Named queries of the pipelines: the runs that started in a range, assembled and grouped by their steps.
import { and, desc, eq, gte, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { job } from "@/db/schema";
import type { RangeQuery } from "@/lib/range/range";
import { rangeFromQuery } from "@/lib/range/resolve";
import { isRootSql, runMembers } from "@/lib/runs-list/members";
import type { MemberJob } from "@/lib/runs-list/rollup";
import { computePipelines, pipelineKey } from "./compute";
import type { PipelinesReport } from "./schemas";

/**
 * The report reads at most this many runs (the newest in the range): a pipeline's figures are shares and
 * averages, which a sample of the latest runs keeps, and a page stays bounded whatever the range holds.
 */
export const PIPELINE_RUNS_CAP = 2000;

async function runsInRange({
  db,
  projectId,
  range,
  now,
}: {
  db: DbOrTx;
  projectId: string;
  range: { range: RangeQuery["range"] | "all"; from?: string; to?: string };
  now: Date;
}) {
  const where = [eq(job.projectId, projectId), isRootSql()];
  let bounds = { from: new Date(0), to: now };
  if (range.range !== "all") {
    const r = rangeFromQuery({ range: range.range, from: range.from, to: range.to }, now);
    bounds = { from: r.from, to: r.to };
    where.push(gte(job.sortAt, r.from), lt(job.sortAt, r.to));
  }
  // newest roots first along job_project_sort_idx
  const roots = await db
    .select({ id: job.id })
    .from(job)
    .where(and(...where))
    .orderBy(desc(job.sortAt), desc(job.id))
    .limit(PIPELINE_RUNS_CAP + 1);
  const ids = roots.slice(0, PIPELINE_RUNS_CAP).map((r) => r.id);
  const members = await runMembers({ db, projectId, rootIds: ids });
  return { bounds, runs: [...members.values()], capped: roots.length > PIPELINE_RUNS_CAP };
}

export async function getPipelines({
  db,
  projectId,
  range,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  range: RangeQuery;
  now?: Date;
}): Promise<PipelinesReport> {
  const { bounds, runs, capped } = await runsInRange({ db, projectId, range, now });
  return {
    range: { from: bounds.from.toISOString(), to: bounds.to.toISOString() },
    runs_read: runs.length,
    runs_capped: capped,
    pipelines: computePipelines(runs).map((p) => ({
      key: p.key,
      steps: p.steps.map((s) => ({
        step: s.step,
        jobs: s.jobs,
        succeeded: s.succeeded,
        failed: s.failed,
        cancelled: s.cancelled,
        success_rate: s.successRate,
        cost_usd: s.costUsd,
        cost_per_run: s.costPerRun,
        sent_back: s.sentBack,
      })),
      runs: p.runs,
      runs_by_status: p.byStatus,
      cost_usd: p.costUsd,
      cost_per_successful_run: p.costPerSuccessfulRun,
      sent_back_runs: p.sentBackRuns,
      send_back_rate: p.sendBackRate,
      failures: p.failures.map((f) => ({ step: f.step, failure_class: f.failureClass, runs: f.runs })),
    })),
  };
}

/** Fleetwatch ids of the jobs of the runs of one pipeline that started in the range (the jobs list's filter). */
export async function pipelineJobIds({
  db,
  projectId,
  key,
  range,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  key: string;
  range: { range: RangeQuery["range"] | "all"; from?: string; to?: string };
  now?: Date;
}): Promise<string[]> {
  const { runs } = await runsInRange({ db, projectId, range, now });
  return runs
    .filter((jobs: MemberJob[]) => pipelineKey(jobs) === key)
    .flatMap((jobs) => jobs.map((j) => j.id));
}
