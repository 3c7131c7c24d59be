import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { localDay } from "@/lib/standups/days";
import { llmConfig } from "@/lib/standups/prose";
import { defaultStandupDay, getStandupView, listAgentNames } from "@/lib/standups/queries";
import { standupQueryKey } from "@/lib/standups/query-options";
import { StandupsClient } from "./client";
import { loadStandupsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Standups" };

export default async function StandupsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const p = await loadStandupsSearchParams(searchParams);
  const now = new Date();
  const defaultDate = defaultStandupDay(current, now);
  const date = p.date ?? defaultDate;
  const queryClient = makeServerQueryClient();
  // A day not begun or an unknown agent fails here (not dehydrated): the client asks the API and shows why.
  const [, agents] = await Promise.all([
    queryClient.prefetchQuery({
      queryKey: standupQueryKey(current.slug, date, p.agent),
      queryFn: () => getStandupView({ db, projectId: current.id, date, agent: p.agent, now }),
    }),
    listAgentNames({ db, projectId: current.id }),
  ]);
  return (
    <>
      <PageHeader
        title="Standups"
        description="What each agent did, what failed, what is blocking it and what it cost, day by day."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <StandupsClient
          project={current.slug}
          today={localDay(now, current.timezone)}
          defaultDate={defaultDate}
          agents={agents}
          baseUrl={env.FLEETWATCH_URL ?? null}
          proseModel={llmConfig()?.model ?? null}
        />
      </HydrationBoundary>
    </>
  );
}
