import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import type { SearchParams } from "nuqs/server";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listAssignees } from "@/lib/failures/assignees";
import { failureClasses } from "@/lib/failures/class-queries";
import { listIssues, listUsers, resolveFailuresRange } from "@/lib/failures/queries";
import {
  classesView,
  failureClassesKey,
  ISSUES_PAGE_LIMIT,
  issuesKey,
  toFailuresView,
} from "@/lib/failures/query-options";
import { parseIssueQuery } from "@/lib/failures/search-query";
import { ApiError } from "@/lib/http/errors";
import { getJobFacets } from "@/lib/jobs/queries";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { FailuresClient, FailuresRangePicker } from "./client";
import { loadFailuresSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Failures" };

export default async function FailuresPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const view = toFailuresView(await loadFailuresSearchParams(searchParams));
  const header = (
    <PageHeader
      title="Failures"
      description="Every failed job classified, grouped into issues by fingerprint, and triaged."
      actions={
        <div className="flex flex-wrap items-center justify-end gap-x-4 gap-y-2">
          <Link
            href="/failures/rules"
            data-testid="rules-link"
            className="text-sm font-medium text-accent hover:underline"
          >
            Classification rules
          </Link>
          <Link
            href="/failures/queue"
            data-testid="open-queue"
            className="inline-flex h-9 items-center rounded-md bg-accent px-3.5 text-sm font-medium text-accent-fg shadow-sm hover:opacity-90"
          >
            Triage queue
          </Link>
          <FailuresRangePicker />
        </div>
      }
    />
  );
  // the range is resolved here, once, for every query of the render (a bad custom range is said, not guessed)
  let bounds: ReturnType<typeof resolveFailuresRange>;
  try {
    bounds = resolveFailuresRange(view);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return (
      <>
        {header}
        <p role="alert" className="text-sm text-red-600" data-testid="range-error">
          {e.message}
        </p>
      </>
    );
  }
  const queryClient = makeServerQueryClient();
  const filters = { ...view, limit: ISSUES_PAGE_LIMIT };
  // a search that does not parse is explained by the client under the box; nothing to prefetch then
  const searchOk = !view.q || parseIssueQuery(view.q).ok;
  const [facets, users, assignees] = await Promise.all([
    getJobFacets({ db, projectId: current.id }),
    listUsers({ db }),
    listAssignees({ db, projectId: current.id, me: user.id }),
    searchOk &&
      queryClient.prefetchQuery({
        queryKey: issuesKey(current.slug, view),
        queryFn: () => listIssues({ db, projectId: current.id, filters, bounds, userId: user.id }),
      }),
    searchOk &&
      queryClient.prefetchQuery({
        queryKey: failureClassesKey(current.slug, classesView(view)),
        queryFn: () => failureClasses({ db, projectId: current.id, bounds, filters, userId: user.id }),
      }),
  ]);
  return (
    <>
      {header}
      <HydrationBoundary state={dehydrate(queryClient)}>
        <FailuresClient
          project={current.slug}
          me={user.id}
          canTriage={can(user.role, "triage")}
          facets={{
            ...facets,
            users: users.map((u) => ({ id: u.id, name: u.name })),
            assignees: assignees.map((u) => ({ id: u.id, name: u.me ? `Me (${u.name})` : u.name })),
          }}
        />
      </HydrationBoundary>
    </>
  );
}
