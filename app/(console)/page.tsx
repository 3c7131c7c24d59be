import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { FirstEvent } from "@/components/onboarding/first-event";
import { RangePicker } from "@/components/shell/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { isAdminRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { hasJobs } from "@/lib/jobs/queries";
import { getOverview } from "@/lib/overview/queries";
import { overviewQueryKey, toRangeParams } from "@/lib/overview/query-options";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { rangeForPage } from "@/lib/range/resolve";
import { OverviewClient } from "./client";
import { loadOverviewSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  if (!(await hasJobs({ db, projectId: current.id }))) {
    return (
      <>
        <PageHeader title="Overview" description={`The fleet in project ${current.name}.`} />
        <FirstEvent isAdmin={isAdminRole(user.role)} now={new Date().toISOString()} />
      </>
    );
  }
  const state = await loadOverviewSearchParams(searchParams);
  const { range, problem } = rangeForPage(state);
  const params = problem ? { range: range.kind } : toRangeParams(state);
  const queryClient = makeServerQueryClient();
  await queryClient.prefetchQuery({
    queryKey: overviewQueryKey(current.slug, params),
    queryFn: () => getOverview({ db, projectId: current.id, range }),
  });
  return (
    <>
      <PageHeader
        title="Overview"
        description={`The fleet in project ${current.name} at a glance.`}
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
      <HydrationBoundary state={dehydrate(queryClient)}>
        <OverviewClient project={current.slug} fallback={problem ? params : null} />
      </HydrationBoundary>
    </>
  );
}
