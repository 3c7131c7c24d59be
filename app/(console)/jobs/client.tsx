"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import type { ReactNode } from "react";
import { ImportDrop } from "@/components/jobs/import-drop";
import { JobsFilters } from "@/components/jobs/jobs-filters";
import { JobsTable } from "@/components/jobs/jobs-table";
import { RunsList } from "@/components/jobs/runs-list";
import { TranscriptHits } from "@/components/jobs/transcript-hits";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/lib/format";
import type { JobFacets } from "@/lib/jobs/queries";
import {
  fetchJobsPage,
  fetchRunsPage,
  jobsQueryKey,
  runsQueryKey,
  toJobFilters,
  toRunFilters,
} from "@/lib/jobs/query-options";
import { jobsSearchParams } from "./search-params";

export function JobsClient({
  project,
  facets,
  canImport,
}: {
  project: string;
  facets: JobFacets;
  /** false for a viewer: no import button or drop target */
  canImport: boolean;
}) {
  const [state, setState] = useQueryStates(jobsSearchParams);
  const filters = toJobFilters(state);
  const runsMode = state.view === "runs";
  const runFilters = toRunFilters(filters);
  const jobsQuery = useInfiniteQuery({
    queryKey: jobsQueryKey(project, filters),
    queryFn: ({ pageParam }) => fetchJobsPage(project, filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled: !runsMode,
    // a search is not re-run every 15 s (each may take seconds), and a timeout is shown, not retried
    refetchInterval: filters.search ? false : 15_000,
    retry: filters.search ? false : 3,
  });
  const runsQuery = useInfiniteQuery({
    queryKey: runsQueryKey(project, runFilters),
    queryFn: ({ pageParam }) => fetchRunsPage(project, runFilters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled: runsMode,
    refetchInterval: 15_000,
  });
  const query = runsMode ? runsQuery : jobsQuery;
  const jobs = jobsQuery.data?.pages.flatMap((p) => p.jobs) ?? [];
  const runs = runsQuery.data?.pages.flatMap((p) => p.runs) ?? [];
  const first = jobsQuery.data?.pages[0];
  const total = first?.total ?? null;
  const totalText = total === null ? "" : `${formatNumber(total)}${first?.total_capped ? "+" : ""}`;
  const shown = runsMode ? runs.length : jobs.length;

  let list: ReactNode;
  if (query.isPending) list = <div className="h-64 animate-pulse rounded-lg border border-border bg-panel" />;
  else if (shown === 0)
    list = (
      <div
        className="rounded-lg border border-dashed border-border bg-panel px-6 py-16 text-center text-muted"
        data-testid="jobs-empty"
      >
        No {runsMode ? "runs" : "jobs"} match these filters.
      </div>
    );
  else if (runsMode) list = <RunsList runs={runs} project={project} />;
  else
    list = (
      <JobsTable
        jobs={jobs}
        // a transcript search lists newest first only: its headers do not sort
        sort={
          filters.search
            ? undefined
            : { sort: filters.sort, dir: filters.dir, onSort: (sort, dir) => void setState({ sort, dir }) }
        }
      />
    );

  return (
    <ImportDrop project={project} enabled={canImport}>
      <JobsFilters value={state} onChange={(patch) => void setState(patch)} facets={facets} />
      {filters.search && !runsMode ? (
        <TranscriptHits
          project={project}
          q={filters.search}
          range={{ range: filters.range, from: filters.from, to: filters.to }}
        />
      ) : null}
      {query.isError ? (
        <p
          role="alert"
          className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
        >
          {query.error.message}
        </p>
      ) : null}
      {list}
      <div className="mt-4 flex items-center justify-between text-xs text-muted">
        <span data-testid="jobs-count" className="tabular-nums">
          {runsMode
            ? `${formatNumber(runs.length)} run${runs.length === 1 ? "" : "s"} shown`
            : total === null
              ? `${formatNumber(jobs.length)} job${jobs.length === 1 ? "" : "s"} shown`
              : jobs.length === 0
                ? "0 jobs"
                : `${jobs.length === 1 ? "1" : `1–${formatNumber(jobs.length)}`} of ${totalText} job${total === 1 ? "" : "s"}`}
        </span>
        {query.hasNextPage ? (
          <Button
            variant="secondary"
            size="sm"
            data-testid="load-more"
            disabled={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        ) : null}
      </div>
    </ImportDrop>
  );
}
