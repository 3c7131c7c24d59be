"use client";
// The agent page's live cards: what it is doing now, how today went, and who it is.
import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { compactDuration, formatRate, stalledJobsLabel } from "@/lib/agents/format";
import type { AgentDetail } from "@/lib/agents/schemas";
import { formatCost } from "@/lib/format";
import { Ago } from "./ago";

function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 truncate text-sm" data-testid={testId}>
        {children ?? <span className="text-muted">—</span>}
      </dd>
    </div>
  );
}

function CurrentJob({ d }: { d: AgentDetail }) {
  const a = d.agent;
  const j = a.current_job;
  const now = Date.parse(d.now);
  const stalled =
    j?.last_event_at != null && now - Date.parse(j.last_event_at) > d.settings.stall_after_seconds * 1000;
  return (
    <Card className="p-5" data-testid="agent-current-job">
      <h2 className="text-xs font-medium text-muted">Current job</h2>
      {j ? (
        <div className="mt-2 space-y-1">
          {j.id ? (
            <Link
              href={`/jobs/${j.id}`}
              className="block truncate text-base font-semibold hover:text-accent"
              data-testid="current-job-link"
            >
              {j.title ?? j.external_id}
            </Link>
          ) : (
            <p className="truncate text-base font-semibold">{j.external_id}</p>
          )}
          <p className="truncate font-mono text-[11px] text-muted">{j.external_id}</p>
          <p className="text-sm">
            running for{" "}
            <span className="font-medium tabular-nums">{compactDuration(now - Date.parse(j.since))}</span>
            {j.last_event_at ? (
              <span className={stalled ? "text-amber-700 dark:text-amber-400" : "text-muted"}>
                {" "}
                · last event {compactDuration(now - Date.parse(j.last_event_at))} ago
                {stalled ? " (stalled)" : ""}
              </span>
            ) : (
              <span className="text-muted"> · named by a heartbeat, no event yet</span>
            )}
          </p>
          {a.running_jobs > 1 ? (
            <Link
              href={`/jobs?agent=${encodeURIComponent(a.name)}&status=running`}
              className="text-xs text-accent hover:underline"
            >
              {a.running_jobs - 1} more running job{a.running_jobs > 2 ? "s" : ""}
              {a.stalled_jobs ? ` (${stalledJobsLabel(a.stalled_jobs)} in all)` : ""}
            </Link>
          ) : null}
        </div>
      ) : (
        <p className="mt-2 text-sm text-muted">
          {a.status === "waiting" ? "Waiting, with no job running." : "No job running."}
        </p>
      )}
    </Card>
  );
}

function Today({ d }: { d: AgentDetail }) {
  const t = d.agent.today;
  return (
    <Card className="p-5" data-testid="agent-today">
      <h2 className="text-xs font-medium text-muted">Today ({d.settings.timezone})</h2>
      <dl className="mt-2 grid grid-cols-3 gap-3">
        <div>
          <dt className="text-[11px] text-muted">Jobs</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="today-jobs">
            {t.jobs}
          </dd>
        </div>
        <div>
          <dt className="text-[11px] text-muted">Success</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="today-success">
            {formatRate(t.success_rate)}
          </dd>
        </div>
        <div>
          <dt className="text-[11px] text-muted">Spend</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="today-spend">
            {formatCost(t.spend_usd)}
          </dd>
        </div>
      </dl>
      <p className="mt-2 text-xs text-muted">
        {t.succeeded} succeeded,{" "}
        <span className={t.failed ? "text-red-600 dark:text-red-400" : ""}>{t.failed} failed</span>
      </p>
    </Card>
  );
}

function Identity({ d }: { d: AgentDetail }) {
  const a = d.agent;
  return (
    <Card className="p-5" data-testid="agent-facts">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
        <Fact label="Role" testId="fact-role">
          {a.role}
        </Fact>
        <Fact label="Host" testId="fact-host">
          {a.host}
        </Fact>
        <Fact label="Version" testId="fact-version">
          {a.version}
        </Fact>
        <Fact label="Last heartbeat">
          {a.last_heartbeat_at ? <Ago iso={a.last_heartbeat_at} now={d.now} /> : "never"}
        </Fact>
        <Fact label="First seen" testId="fact-first-seen">
          <Ago iso={a.first_seen_at} now={d.now} />
        </Fact>
        <Fact label="Last seen" testId="fact-last-seen">
          <Ago iso={a.last_event_at} now={d.now} />
        </Fact>
      </dl>
    </Card>
  );
}

export function AgentSummary({ detail }: { detail: AgentDetail }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <CurrentJob d={detail} />
      <Today d={detail} />
      <Identity d={detail} />
    </div>
  );
}
