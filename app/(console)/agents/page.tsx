import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { listAgents } from "@/lib/agents/queries";
import { agentsQueryKey } from "@/lib/agents/query-options";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { AgentsBoard } from "./client";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const queryClient = makeServerQueryClient();
  await queryClient.prefetchQuery({
    queryKey: agentsQueryKey(current.slug),
    queryFn: () => listAgents({ db, projectId: current.id }),
  });
  return (
    <>
      <PageHeader
        title="Agents"
        description="Is the fleet alive right now? Every agent's live status, what needs attention first."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <AgentsBoard project={current.slug} />
      </HydrationBoundary>
    </>
  );
}
