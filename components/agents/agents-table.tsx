"use client";
// The board's table: one row per agent, in the order the API gives (what needs attention first).
import Link from "next/link";
import { compactDuration, formatRate, statusDetail } from "@/lib/agents/format";
import type { AgentLive } from "@/lib/agents/schemas";
import { cn } from "@/lib/cn";
import { formatCost } from "@/lib/format";
import { AgentStatusBadge, FailingFlag } from "./agent-status-badge";
import { Ago } from "./ago";

export const agentHref = (name: string) => `/agents/${encodeURIComponent(name)}`;

function StatusCell({ a }: { a: AgentLive }) {
  const detail = statusDetail(a);
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-1.5">
        <AgentStatusBadge status={a.status} />
        {a.failing ? <FailingFlag failed={a.today.failed} jobs={a.today.jobs} /> : null}
      </div>
      {detail && a.stalled_jobs > 0 && a.status !== "offline" ? (
        <Link
          href={`/jobs?agent=${encodeURIComponent(a.name)}&status=stalled&range=all`}
          className={cn(
            "block text-[11px] hover:underline",
            a.attention === 0 ? "text-amber-700 dark:text-amber-400" : "text-muted",
          )}
          data-testid="agent-status-detail"
        >
          {detail}
        </Link>
      ) : detail ? (
        <p
          className={cn(
            "text-[11px]",
            a.attention <= 1 ? "text-amber-700 dark:text-amber-400" : "text-muted",
          )}
          data-testid="agent-status-detail"
        >
          {detail}
        </p>
      ) : null}
    </div>
  );
}

function JobCell({ a, now }: { a: AgentLive; now: number }) {
  const j = a.current_job;
  if (!j) return <span className="text-muted">—</span>;
  const label = j.title ?? j.external_id;
  const more = a.running_jobs - 1;
  return (
    <div className="max-w-[18rem]" data-testid="agent-current-job">
      {j.id ? (
        <Link
          href={`/jobs/${j.id}`}
          className="block truncate font-medium hover:text-accent"
          data-testid="current-job-link"
        >
          {label}
        </Link>
      ) : (
        <span className="block truncate font-medium">{label}</span>
      )}
      <span className="block truncate text-[11px] text-muted">
        for <span data-testid="current-job-for">{compactDuration(now - Date.parse(j.since))}</span>
        {more > 0 ? ` · ${more} more running` : ""}
      </span>
    </div>
  );
}

export function AgentsTable({ agents, now }: { agents: AgentLive[]; now: string }) {
  const t = Date.parse(now);
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-panel shadow-sm">
      <table className="w-full text-left text-sm" data-testid="agents-table">
        <thead className="border-b border-border bg-subtle/60 text-xs text-muted">
          <tr>
            <th className="py-2.5 pr-3 pl-4 font-medium">Agent</th>
            <th className="px-3 py-2.5 font-medium">Status</th>
            <th className="px-3 py-2.5 font-medium">Current job</th>
            <th className="px-3 py-2.5 font-medium whitespace-nowrap">Last heartbeat</th>
            <th className="px-3 py-2.5 font-medium whitespace-nowrap">Last event</th>
            <th className="px-3 py-2.5 text-right font-medium whitespace-nowrap">Jobs today</th>
            <th className="px-3 py-2.5 text-right font-medium">Success</th>
            <th className="py-2.5 pr-4 pl-3 text-right font-medium">Spend today</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {agents.map((a) => (
            <tr
              key={a.name}
              data-testid="agent-row"
              data-agent={a.name}
              data-status={a.status}
              className={cn(
                "align-top hover:bg-subtle/50",
                a.attention === 0 && "bg-amber-50/60 dark:bg-amber-950/30",
              )}
            >
              <td className="py-2.5 pr-3 pl-4">
                <Link
                  href={agentHref(a.name)}
                  className="font-medium hover:text-accent"
                  data-testid="agent-link"
                >
                  {a.name}
                </Link>
                {a.role || a.host || a.version ? (
                  <span className="block max-w-[14rem] truncate text-[11px] text-muted">
                    {[a.role, a.host, a.version].filter(Boolean).join(" · ")}
                  </span>
                ) : null}
              </td>
              <td className="px-3 py-2.5">
                <StatusCell a={a} />
              </td>
              <td className="px-3 py-2.5">
                <JobCell a={a} now={t} />
              </td>
              <td className="px-3 py-2.5 text-xs whitespace-nowrap">
                {a.last_heartbeat_at ? (
                  <Ago iso={a.last_heartbeat_at} now={now} />
                ) : (
                  <span className="text-muted">never</span>
                )}
              </td>
              <td className="px-3 py-2.5 text-xs whitespace-nowrap">
                <Ago iso={a.last_event_at} now={now} />
              </td>
              <td className="px-3 py-2.5 text-right tabular-nums" data-testid="agent-today-jobs">
                {a.today.jobs}
                {a.today.failed ? (
                  <span className="block text-[11px] text-red-600 dark:text-red-400">
                    {a.today.failed} failed
                  </span>
                ) : null}
              </td>
              <td className="px-3 py-2.5 text-right tabular-nums" data-testid="agent-today-success">
                {formatRate(a.today.success_rate)}
              </td>
              <td className="py-2.5 pr-4 pl-3 text-right tabular-nums" data-testid="agent-today-spend">
                {formatCost(a.today.spend_usd)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
