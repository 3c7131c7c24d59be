import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { BudgetsCard } from "@/components/costs/budgets-card";
import { RangePicker } from "@/components/shell/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listBudgetStatuses } from "@/lib/costs/budgets";
import { costJobsReport } from "@/lib/costs/queries";
import { costJobsKey, costsReportKey, jobsView, toCostsView, topView } from "@/lib/costs/query-options";
import type { CostsReport } from "@/lib/costs/schemas";
import { viewReports } from "@/lib/costs/view-reports";
import { getJobFacets } from "@/lib/jobs/queries";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { InvalidRangeError, resolveRange } from "@/lib/range/range";
import { CostsClient } from "./client";
import { loadCostsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Costs" };

export default async function CostsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const view = toCostsView(await loadCostsSearchParams(searchParams));
  const header = (
    <PageHeader
      title="Costs"
      description="What the fleet spent, on what, and what it got for it."
      actions={<RangePicker />}
    />
  );
  let range: ReturnType<typeof resolveRange>;
  try {
    range = resolveRange(view);
  } catch (e) {
    if (!(e instanceof InvalidRangeError)) throw e;
    return (
      <>
        {header}
        <p role="alert" className="text-sm text-red-600" data-testid="range-error">
          {e.message}
        </p>
      </>
    );
  }
  const filters = { agent: view.agent, model: view.model, harness: view.harness };
  const queryClient = makeServerQueryClient();
  // the chart's report and the top table's, read together (lib/costs/view-reports.ts), cached under each view
  const views = [view, topView(view)];
  const reports = viewReports({ db, projectId: current.id, user, range, views, filters });
  const report = (i: number) =>
    queryClient.prefetchQuery({
      queryKey: costsReportKey(current.slug, views[i] as typeof view),
      queryFn: async () => (await reports)[i] as CostsReport,
    });
  const [facets, budgets] = await Promise.all([
    getJobFacets({ db, projectId: current.id }),
    listBudgetStatuses({ db, projectId: current.id }),
    report(0),
    report(1),
    queryClient.prefetchQuery({
      queryKey: costJobsKey(current.slug, jobsView(view)),
      queryFn: () => costJobsReport({ db, projectId: current.id, range, filters }),
    }),
  ]);
  return (
    <>
      {header}
      <HydrationBoundary state={dehydrate(queryClient)}>
        <CostsClient
          project={current.slug}
          facets={facets}
          budgets={
            <BudgetsCard
              canEdit={can(user.role, "triage")}
              facets={facets}
              budgets={budgets.map((b) => ({
                ...b,
                periodStart: b.periodStart.toISOString(),
                periodEnd: b.periodEnd.toISOString(),
              }))}
            />
          }
        />
      </HydrationBoundary>
    </>
  );
}
