// What each dashboard page's server render asks the database for, per range: the same data functions with the
// same arguments as app/(console)/**/page.tsx (their URL state parsed by the pages' own nuqs loaders), so the
// bench times what a page request spends in queries. Kept in step with the pages by hand: a page that starts
// calling another function must be added here.

import { loadCostsSearchParams } from "@/app/(console)/costs/search-params";
import { loadFailuresSearchParams } from "@/app/(console)/failures/search-params";
import { loadJobsSearchParams } from "@/app/(console)/jobs/search-params";
import { loadModelsSearchParams } from "@/app/(console)/models/search-params";
import { loadOverviewSearchParams } from "@/app/(console)/search-params";
import type { DbOrTx } from "@/db/client";
import { listAgents } from "@/lib/agents/queries";
import { listBudgetStatuses } from "@/lib/costs/budgets";
import { costJobsReport } from "@/lib/costs/queries";
import { toCostsView, topView } from "@/lib/costs/query-options";
import { viewReports } from "@/lib/costs/view-reports";
import { listAssignees } from "@/lib/failures/assignees";
import { failureClasses } from "@/lib/failures/class-queries";
import { listIssues, listUsers, resolveFailuresRange } from "@/lib/failures/queries";
import { ISSUES_PAGE_LIMIT, toFailuresView } from "@/lib/failures/query-options";
import { getJobFacets, hasJobs, listJobs } from "@/lib/jobs/queries";
import { JOBS_PAGE_SIZE, toJobFilters } from "@/lib/jobs/query-options";
import { collectMetrics } from "@/lib/metrics/queries";
import { getModelFacets, getModelMatrix } from "@/lib/models/queries";
import { getOverview } from "@/lib/overview/queries";
import { rangeForPage } from "@/lib/range/resolve";
import { getStandupView, listAgentNames } from "@/lib/standups/queries";

export type PageRange = "24h" | "7d" | "30d" | "all" | "day";
export type PageCase = { page: string; range: PageRange; run: () => Promise<unknown> };

const q = (range: string, extra = "") => new URLSearchParams(`range=${range}${extra}`);

/** Every (page, range) the bench times, for project `projectId` at `now`. */
export function pageCases(
  db: DbOrTx,
  projectId: string,
  opts: { user: { id: string }; day: string; agent: string },
) {
  const cases: PageCase[] = [];
  const add = (page: string, ranges: PageRange[], run: (r: PageRange) => Promise<unknown>) => {
    for (const r of ranges) cases.push({ page, range: r, run: () => run(r) });
  };
  // app/(console)/page.tsx: the empty-project check, then the Overview for the range
  add("Overview", ["24h", "7d", "30d"], async (r) => {
    await hasJobs({ db, projectId });
    const { range } = rangeForPage(await loadOverviewSearchParams(q(r)));
    return getOverview({ db, projectId, range });
  });
  // app/(console)/failures/page.tsx: facets, users, assignees, the issue list and the class chart
  add("Failures", ["24h", "7d", "30d", "all"], async (r) => {
    const view = toFailuresView(await loadFailuresSearchParams(q(r)));
    const bounds = resolveFailuresRange(view);
    const filters = { ...view, limit: ISSUES_PAGE_LIMIT };
    return Promise.all([
      getJobFacets({ db, projectId }),
      listUsers({ db }),
      listAssignees({ db, projectId, me: opts.user.id }),
      listIssues({ db, projectId, filters, bounds, userId: opts.user.id }),
      failureClasses({ db, projectId, bounds, filters, userId: opts.user.id }),
    ]);
  });
  // app/(console)/costs/page.tsx: two reports read together (chart, top table), the jobs report, facets, budgets
  add("Costs", ["24h", "7d", "30d"], async (r) => {
    const view = toCostsView(await loadCostsSearchParams(q(r)));
    const { range } = rangeForPage({ range: view.range, from: null, to: null });
    const filters = { agent: view.agent, model: view.model, harness: view.harness };
    const views = [view, topView(view)];
    return Promise.all([
      getJobFacets({ db, projectId }),
      listBudgetStatuses({ db, projectId }),
      viewReports({ db, projectId, user: opts.user, range, views, filters }),
      costJobsReport({ db, projectId, range, filters }),
    ]);
  });
  // app/(console)/models/page.tsx (no comparison selected)
  add("Models", ["24h", "7d", "30d"], async (r) => {
    const { range } = rangeForPage(await loadModelsSearchParams(q(r)));
    return Promise.all([getModelFacets({ db, projectId, range }), getModelMatrix({ db, projectId, range })]);
  });
  // app/(console)/agents/page.tsx: the board has no range (now)
  add("Agents board", ["24h"], () => listAgents({ db, projectId }));
  // app/(console)/standups/page.tsx: one day, the fleet and one agent
  add("Standups (fleet)", ["day"], async () =>
    Promise.all([getStandupView({ db, projectId, date: opts.day }), listAgentNames({ db, projectId })]),
  );
  add("Standups (agent)", ["day"], async () =>
    Promise.all([
      getStandupView({ db, projectId, date: opts.day, agent: opts.agent }),
      listAgentNames({ db, projectId }),
    ]),
  );
  // app/(console)/jobs/page.tsx: the empty-project check, the first page of the list, facets
  add("Jobs list (page 1)", ["24h", "7d", "30d", "all"], async (r) => {
    await hasJobs({ db, projectId });
    const filters = toJobFilters(await loadJobsSearchParams(q(r)));
    return Promise.all([
      listJobs({ db, projectId, filters: { ...filters, limit: JOBS_PAGE_SIZE, cursor: undefined } }),
      getJobFacets({ db, projectId }),
    ]);
  });
  // app/api/metrics/route.ts: all time
  add("/api/metrics", ["all"], () => collectMetrics({ db, projectId }));
  return cases;
}

/** Pages requested over HTTP at each size (whole server render, bench/lib/pages.ts). */
export const HTTP_PAGES = [
  "/?range=24h",
  "/?range=7d",
  "/failures?range=7d",
  "/costs?range=7d",
  "/jobs?range=7d",
];
