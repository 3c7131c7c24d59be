import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { RangePicker } from "@/components/shell/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { requireUser } from "@/lib/auth/session";
import { compareSides } from "@/lib/models/compare";
import { getModelFacets, getModelMatrix } from "@/lib/models/queries";
import { compareQueryKey, modelsQueryKey } from "@/lib/models/query-options";
import { MATCH_PATTERN } from "@/lib/models/schemas";
import { toRangeParams } from "@/lib/overview/query-options";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { rangeForPage } from "@/lib/range/resolve";
import { ModelsClient } from "./client";
import { loadModelsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const state = await loadModelsSearchParams(searchParams);
  const { range, problem } = rangeForPage(state);
  const params = problem ? { range: range.kind } : toRangeParams(state);
  const queryClient = makeServerQueryClient();
  const projectId = current.id;
  const compare =
    state.a && state.b && MATCH_PATTERN.test(state.match)
      ? { dimension: state.cmp, a: state.a, b: state.b, match: state.match }
      : null;
  const [facets] = await Promise.all([
    getModelFacets({ db, projectId, range }),
    queryClient.prefetchQuery({
      queryKey: modelsQueryKey(current.slug, params),
      queryFn: () => getModelMatrix({ db, projectId, range }),
    }),
    compare
      ? queryClient.prefetchQuery({
          queryKey: compareQueryKey(current.slug, params, compare),
          queryFn: () => compareSides({ db, projectId, range, query: compare }),
        })
      : null,
  ]);
  return (
    <>
      <PageHeader
        title="Models"
        description="Which model and harness should do which work: outcomes, cost and time of every pair, on your fleet's own jobs."
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
        <ModelsClient project={current.slug} facets={facets} fallback={problem ? params : null} />
      </HydrationBoundary>
    </>
  );
}
