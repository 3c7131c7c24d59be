import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { PipelineCard } from "@/components/pipelines/pipeline-card";
import { RangePicker } from "@/components/shell/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { requireUser } from "@/lib/auth/session";
import { formatNumber } from "@/lib/format";
import { toRangeParams } from "@/lib/overview/query-options";
import { getPipelines, PIPELINE_RUNS_CAP } from "@/lib/pipelines/queries";
import { getCurrentProject } from "@/lib/projects/current";
import { rangeForPage } from "@/lib/range/resolve";
import { loadPipelinesSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Pipelines" };

export default async function PipelinesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const state = await loadPipelinesSearchParams(searchParams);
  const { range, problem } = rangeForPage(state);
  const params = problem ? { range: range.kind } : toRangeParams(state);
  const report = await getPipelines({ db, projectId: current.id, range: params });
  const jobsHref = (key: string) => (step?: string) => {
    const q = new URLSearchParams({ range: params.range, pipeline: key });
    if (params.from) q.set("from", params.from);
    if (params.to) q.set("to", params.to);
    if (step) q.set("step", step);
    return `/jobs?${q}`;
  };
  return (
    <>
      <PageHeader
        title="Pipelines"
        description="Runs that share the same steps, such as write → review → fix, with how each step does and what a successful run costs."
        actions={<RangePicker />}
      />
      {problem ? (
        <p
          role="alert"
          className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-950 dark:text-amber-300"
        >
          {problem}
        </p>
      ) : null}
      <p className="mb-4 max-w-3xl text-xs text-muted" data-testid="pipelines-definitions">
        A pipeline is the steps of a run (its jobs' <code>step</code>), each once, in the order they first
        started; retries are attempts of a step. Success counts every attempt. A review step (
        <code>review</code> or <code>review:&lt;who&gt;</code>) <em>sends work back</em> when a step that ran
        before it runs again after it; “Sent back” is the share of runs where that happened. Cost per
        successful run divides every run's cost, failed ones included, by the runs that succeeded.
      </p>
      {report.runs_capped ? (
        <p className="mb-4 text-xs text-muted">
          Figures from the newest {formatNumber(PIPELINE_RUNS_CAP)} runs of the range.
        </p>
      ) : null}
      {report.pipelines.length === 0 ? (
        <div
          className="rounded-lg border border-dashed border-border bg-panel px-6 py-16 text-center text-muted"
          data-testid="pipelines-empty"
        >
          No run with steps started in this range. Runners name a job's step in <code>job.started</code> (
          <code>"step": "review:gpt-5"</code>); runs with the same steps show here as a pipeline.
        </div>
      ) : (
        <div className="space-y-4" data-testid="pipelines">
          {report.pipelines.map((p) => (
            <PipelineCard key={p.key} pipeline={p} jobsHref={jobsHref(p.key)} />
          ))}
        </div>
      )}
    </>
  );
}
