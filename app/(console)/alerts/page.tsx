import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import type { SearchParams } from "nuqs/server";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { getIncidentsBoard, listRuleChoices } from "@/lib/alerts/board-queries";
import { boardQueryKey, toBoardFilters } from "@/lib/alerts/query-options";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { AlertsClient } from "./client";
import { loadAlertsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Alerts" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const filters = toBoardFilters(await loadAlertsSearchParams(searchParams));
  const queryClient = makeServerQueryClient();
  // a hand-typed rule that is no id is left for the client, whose request answers it with a 400 to show
  if (!filters.rule || UUID.test(filters.rule))
    await queryClient.prefetchQuery({
      queryKey: boardQueryKey(current.slug, filters),
      queryFn: () => getIncidentsBoard({ db, projectId: current.id, filters }),
    });
  const rules = await listRuleChoices({ db, projectId: current.id });
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Incidents your alert rules opened: firing until someone acknowledges, then resolved."
        actions={
          <Link
            href="/settings/alerts"
            data-testid="alert-rules-link"
            className="text-sm font-medium text-accent hover:underline"
          >
            Alert rules
          </Link>
        }
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <AlertsClient project={current.slug} rules={rules} />
      </HydrationBoundary>
    </>
  );
}
