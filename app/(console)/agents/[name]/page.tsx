import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { createLoader, type SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { AgentCharts } from "@/components/agents/agent-charts";
import { RangePicker } from "@/components/shell/range-picker";
import { AgentStandups } from "@/components/standups/agent-standups";
import { getReadDb } from "@/db/read";
import { lookupKeyFromSegment } from "@/lib/agents/format";
import { getAgent } from "@/lib/agents/queries";
import { agentQueryKey } from "@/lib/agents/query-options";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { rangeForPage } from "@/lib/range/resolve";
import { rangeSearchParams } from "@/lib/range/search-params";
import { AgentView } from "./client";

export const metadata: Metadata = { title: "Agent" };

const loadRange = createLoader(rangeSearchParams);

export default async function AgentPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const name = lookupKeyFromSegment((await params).name);
  if (!name) notFound();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const detail = await getAgent({ db, projectId: current.id, name });
  if (!detail) notFound(); // the console's not-found page, 404
  const raw = await loadRange(searchParams);
  const { range, problem: rangeError } = rangeForPage(raw);
  const queryClient = makeServerQueryClient();
  queryClient.setQueryData(agentQueryKey(current.slug, name), detail);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AgentView
        project={current.slug}
        name={name}
        who={can(user.role, "triage") ? user.email : null}
        actions={<RangePicker />}
        charts={<AgentCharts projectId={current.id} name={name} range={range} error={rangeError} />}
        standups={
          <section id="standups">
            <Suspense
              fallback={<div className="h-48 animate-pulse rounded-lg border border-border bg-panel" />}
            >
              <AgentStandups projectId={current.id} agent={name} />
            </Suspense>
          </section>
        }
      />
    </HydrationBoundary>
  );
}
