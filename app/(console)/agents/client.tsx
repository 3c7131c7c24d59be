"use client";
import { useQuery } from "@tanstack/react-query";
import { Bot } from "lucide-react";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useState } from "react";
import { AgentsTable } from "@/components/agents/agents-table";
import { LiveIndicator } from "@/components/agents/live-indicator";
import { StatusFilter } from "@/components/agents/status-filter";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { agentsQueryKey, fetchAgents, LIVE_REFRESH_MS } from "@/lib/agents/query-options";
import { agentsSearchParams } from "./search-params";

const PAGE = 100;

export function AgentsBoard({ project }: { project: string }) {
  const [filters, setFilters] = useQueryStates(agentsSearchParams);
  const [shown, setShown] = useState(PAGE);
  const query = useQuery({
    queryKey: agentsQueryKey(project),
    queryFn: () => fetchAgents(project),
    refetchInterval: LIVE_REFRESH_MS,
  });
  const data = query.data;
  if (!data) {
    return query.isError ? (
      <p
        role="alert"
        className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
      >
        {query.error.message}
      </p>
    ) : (
      <div className="h-64 animate-pulse rounded-lg border border-border bg-panel" />
    );
  }
  if (data.total === 0) return <NoAgents />;

  const q = filters.q?.trim().toLowerCase() ?? "";
  const agents = data.agents.filter(
    (a) =>
      (!filters.status ||
        (filters.status === "stalled-jobs" ? a.stalled_jobs > 0 : a.status === filters.status)) &&
      (!q || a.name.toLowerCase().includes(q)),
  );
  const s = data.settings;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <StatusFilter
          counts={data.counts}
          withStalledJobs={data.with_stalled_jobs}
          total={data.agents.length}
          value={filters.status}
          onChange={(status) => void setFilters({ status })}
        />
        <div className="flex items-center gap-3">
          <Input
            type="search"
            aria-label="Filter agents by name"
            placeholder="Filter by name"
            data-testid="agent-search"
            className="h-8 w-48 text-xs"
            value={filters.q ?? ""}
            onChange={(e) => void setFilters({ q: e.target.value || null })}
          />
          <LiveIndicator updatedAt={query.dataUpdatedAt} failed={query.isError} />
        </div>
      </div>
      {query.isError ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          Refreshing failed ({query.error.message}); showing the last figures.
        </p>
      ) : null}
      {agents.length === 0 ? (
        <div
          className="rounded-lg border border-dashed border-border bg-panel px-6 py-12 text-center text-muted"
          data-testid="agents-none-match"
        >
          No agent matches these filters.
        </div>
      ) : (
        <AgentsTable agents={agents.slice(0, shown)} now={data.now} />
      )}
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted">
        <span data-testid="agents-count">
          {Math.min(shown, agents.length)} of {agents.length} agent{agents.length === 1 ? "" : "s"} shown
          {data.truncated ? ` (the ${data.agents.length} most recently active of ${data.total})` : ""}
        </span>
        <span>
          A job is stalled after {s.stall_after_seconds / 60} min without an event, an agent offline after{" "}
          {s.offline_after_seconds / 60} min of silence; today in {s.timezone}.{" "}
          <Link href="/settings" className="text-accent hover:underline">
            Change
          </Link>
        </span>
        {agents.length > shown ? (
          <Button variant="secondary" size="sm" onClick={() => setShown((n) => n + PAGE)}>
            Show {Math.min(PAGE, agents.length - shown)} more
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function NoAgents() {
  return (
    <Card className="max-w-3xl p-8" data-testid="agents-empty">
      <div className="mb-3 flex items-center gap-3">
        <div className="rounded-lg bg-accent/10 p-2.5 text-accent">
          <Bot className="size-5" />
        </div>
        <h2 className="text-base font-semibold">No agent has reported yet</h2>
      </div>
      <p className="text-muted">
        Agents appear here, live, as soon as a runner posts a <code className="font-mono">job.started</code>{" "}
        or an <code className="font-mono">agent.heartbeat</code> event naming them. Send a heartbeat every
        minute with the agent&apos;s status (idle, busy, waiting) and current job, so Fleetwatch can tell a
        quiet agent from a lost one.
      </p>
      <p className="mt-3 text-muted">
        Create an ingest key in{" "}
        <Link href="/settings" className="text-accent hover:underline">
          Settings
        </Link>{" "}
        and see the{" "}
        <a href="/api/v1/openapi.json" className="text-accent hover:underline">
          API reference
        </a>
        .
      </p>
    </Card>
  );
}
