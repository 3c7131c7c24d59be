"use client";
// An expanded run: its jobs as an indented tree, fetched when the run is opened (GET /api/v1/jobs?run=).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatCost, formatDuration } from "@/lib/format";
import { fetchRunJobs, RUN_JOBS_SHOWN } from "@/lib/jobs/query-options";
import { runTree } from "@/lib/runs-list/tree";
import { RunBadges } from "./run-badges";
import { StatusBadge } from "./status-badge";

export function RunJobs({
  project,
  rootId,
  jobCount,
}: {
  project: string;
  rootId: string;
  jobCount: number;
}) {
  const query = useQuery({
    queryKey: ["run-jobs", project, rootId],
    queryFn: () => fetchRunJobs(project, rootId),
  });
  if (query.isPending)
    return (
      <div className="mx-4 mb-3 h-16 animate-pulse rounded-md bg-subtle" data-testid="run-jobs-loading" />
    );
  if (query.isError)
    return (
      <p role="alert" className="mx-4 mb-3 text-sm text-red-700 dark:text-red-300">
        {query.error.message}
      </p>
    );
  const nodes = runTree(query.data.jobs, rootId);
  return (
    <div
      className="border-t border-border bg-subtle/40 py-1.5 pr-2 pl-8 sm:pr-4 sm:pl-11"
      data-testid="run-jobs"
    >
      <ul>
        {nodes.map(({ job, depth }) => (
          <li
            key={job.id}
            className="flex items-start gap-2 py-1.5 text-sm"
            style={{ paddingLeft: `${depth * 1.25}rem` }}
            data-testid="run-job"
            data-depth={depth}
          >
            {depth > 0 ? <span className="mt-0.5 select-none text-muted">└</span> : null}
            <div className="min-w-0 flex-1">
              <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
                <StatusBadge status={job.status} stalled={job.stalled} />
                <Link
                  href={`/jobs/${job.id}`}
                  className="min-w-0 truncate font-medium hover:text-accent"
                  data-testid="run-job-link"
                >
                  {job.title ?? job.external_id}
                </Link>
              </div>
              <span className="mt-0.5 flex flex-wrap items-center gap-x-3 text-xs text-muted">
                {job.agent ? <span>{job.agent}</span> : null}
                {job.model ? <span className="font-mono">{job.model}</span> : null}
                <RunBadges job={job} showParent={false} />
              </span>
            </div>
            <span className="shrink-0 text-right text-xs tabular-nums text-muted">
              {formatDuration(job.duration_ms)}
              <span className="block text-fg">{formatCost(job.cost_usd)}</span>
            </span>
          </li>
        ))}
      </ul>
      {jobCount > RUN_JOBS_SHOWN ? (
        <Link
          href={`/jobs?run=${rootId}&range=all`}
          className="mt-1 block px-2 text-xs text-accent hover:underline"
        >
          Showing the first {RUN_JOBS_SHOWN} of {jobCount} jobs: open them all in the list
        </Link>
      ) : null}
    </div>
  );
}
