"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronLeft } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { AgentStatusBadge, FailingFlag } from "@/components/agents/agent-status-badge";
import { AgentSummary } from "@/components/agents/agent-summary";
import { LiveIndicator } from "@/components/agents/live-indicator";
import { StalledJobs } from "@/components/agents/stalled-jobs";
import { JobsTable } from "@/components/jobs/jobs-table";
import { Card, CardHeader } from "@/components/ui/card";
import { statusLine } from "@/lib/agents/format";
import { agentQueryKey, fetchAgent, LIVE_REFRESH_MS } from "@/lib/agents/query-options";

/** The live parts of the agent page (polled), with the server-rendered charts and standups in between. */
export function AgentView({
  project,
  name,
  who,
  actions,
  charts,
  standups,
}: {
  project: string;
  name: string;
  /** The signed-in user's email when their role may mark a stalled job abandoned (members and up). */
  who: string | null;
  actions: ReactNode;
  charts: ReactNode;
  standups: ReactNode;
}) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: agentQueryKey(project, name),
    queryFn: () => fetchAgent(project, name),
    refetchInterval: LIVE_REFRESH_MS,
  });
  const d = query.data;
  if (!d) return <div className="h-64 animate-pulse rounded-lg border border-border bg-panel" />;
  const a = d.agent;
  const line = statusLine(a);
  return (
    <div className="space-y-5">
      <div>
        <Link href="/agents" className="inline-flex items-center gap-1 text-xs text-muted hover:text-fg">
          <ChevronLeft className="size-3.5" /> Agents
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div>
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-xl font-semibold tracking-tight" data-testid="agent-name">
                {a.name}
              </h1>
              <AgentStatusBadge status={a.status} />
              {a.failing ? <FailingFlag failed={a.today.failed} jobs={a.today.jobs} /> : null}
              <LiveIndicator updatedAt={query.dataUpdatedAt} failed={query.isError} />
            </div>
            {line ? (
              <p
                className={
                  a.attention <= 1
                    ? "mt-1 text-sm text-amber-700 dark:text-amber-400"
                    : "mt-1 text-sm text-muted"
                }
                data-testid="agent-status-line"
              >
                {line}
              </p>
            ) : null}
          </div>
          {actions}
        </div>
      </div>
      <AgentSummary detail={d} />
      {d.stalled.length > 0 ? (
        <StalledJobs
          detail={d}
          who={who}
          onAbandoned={() => void queryClient.invalidateQueries({ queryKey: agentQueryKey(project, name) })}
        />
      ) : null}
      {charts}
      <Card>
        <CardHeader
          title="Recent jobs"
          description={d.recent_jobs.length ? `The latest ${d.recent_jobs.length} of ${a.name}` : undefined}
          actions={
            <Link
              href={`/jobs?agent=${encodeURIComponent(a.name)}`}
              className="text-xs text-accent hover:underline"
            >
              All jobs of {a.name}
            </Link>
          }
        />
        <div className="p-3" data-testid="agent-recent-jobs">
          {d.recent_jobs.length ? (
            <JobsTable jobs={d.recent_jobs} />
          ) : (
            <p className="py-8 text-center text-sm text-muted">No job yet.</p>
          )}
        </div>
      </Card>
      {standups}
    </div>
  );
}
