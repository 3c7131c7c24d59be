import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { ImportDrop } from "@/components/jobs/import-drop";
import { FirstEvent } from "@/components/onboarding/first-event";
import { RangePicker } from "@/components/shell/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { can, isAdminRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getJobFacets, hasJobs, listJobs } from "@/lib/jobs/queries";
import {
  JOBS_PAGE_SIZE,
  jobsQueryKey,
  runsQueryKey,
  toJobFilters,
  toRunFilters,
} from "@/lib/jobs/query-options";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { listRuns } from "@/lib/runs-list/queries";
import { JobsClient } from "./client";
import { loadJobsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  if (!(await hasJobs({ db, projectId: current.id }))) {
    return (
      <>
        <PageHeader title="Jobs" description="Every job your runners reported." />
        <ImportDrop project={current.slug} enabled={can(user.role, "triage")}>
          <FirstEvent isAdmin={isAdminRole(user.role)} now={new Date().toISOString()} />
        </ImportDrop>
      </>
    );
  }
  const state = await loadJobsSearchParams(searchParams);
  const filters = toJobFilters(state);
  const queryClient = makeServerQueryClient();
  if (state.view === "runs") {
    const runFilters = toRunFilters(filters);
    await queryClient.prefetchInfiniteQuery({
      queryKey: runsQueryKey(current.slug, runFilters),
      queryFn: () =>
        listRuns({
          db,
          projectId: current.id,
          filters: { ...runFilters, limit: JOBS_PAGE_SIZE, cursor: undefined },
        }),
      initialPageParam: null as string | null,
    });
  }
  // A transcript search may take seconds (bounded by FLEETWATCH_SEARCH_TIMEOUT_MS): the page then renders at
  // once and the client fetches the list, showing progress, so a slow search never holds the page.
  else if (!filters.search)
    await queryClient.prefetchInfiniteQuery({
      queryKey: jobsQueryKey(current.slug, filters),
      queryFn: () =>
        listJobs({
          db,
          projectId: current.id,
          filters: { ...filters, limit: JOBS_PAGE_SIZE, cursor: undefined },
        }),
      initialPageParam: null as string | null,
    });
  const facets = await getJobFacets({ db, projectId: current.id });
  return (
    <>
      <PageHeader
        title="Jobs"
        description={
          state.view === "runs"
            ? "Runs that started in the range: each root job with its children, sub-agents and retries rolled up."
            : "Every job your runners reported that was active in the range."
        }
        actions={<RangePicker allTime />}
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <JobsClient project={current.slug} facets={facets} canImport={can(user.role, "triage")} />
      </HydrationBoundary>
    </>
  );
}
