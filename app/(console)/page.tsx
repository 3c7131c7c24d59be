import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/jobs/status-badge";
import { FirstEvent } from "@/components/onboarding/first-event";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/time";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { formatCost } from "@/lib/format";
import { getOverview } from "@/lib/jobs/overview";
import { countJobs } from "@/lib/jobs/queries";
import { getCurrentProject } from "@/lib/projects/current";

export const metadata: Metadata = { title: "Overview" };

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId: string;
}) {
  return (
    <Card className="p-5">
      <p className="text-xs text-muted">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
      {hint ? <p className="mt-1 text-xs text-muted">{hint}</p> : null}
    </Card>
  );
}

export default async function OverviewPage() {
  const user = await requireUser();
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const header = (
    <PageHeader title="Overview" description={`The fleet in project ${current.name}, last 24 hours.`} />
  );
  if ((await countJobs({ db, projectId: current.id })) === 0) {
    return (
      <>
        {header}
        <FirstEvent isAdmin={user.role === "admin"} />
      </>
    );
  }
  const o = await getOverview({ db, projectId: current.id });
  return (
    <>
      {header}
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat
          label="Jobs"
          value={String(o.jobs24h)}
          hint={`${o.running} running, ${o.stalled} stalled`}
          testId="stat-jobs"
        />
        <Stat
          label="Success rate"
          value={o.successRate == null ? "—" : `${(o.successRate * 100).toFixed(1)}%`}
          hint={`${o.failed24h} failed`}
          testId="stat-success"
        />
        <Stat label="Spend" value={formatCost(o.spend24h)} hint="reported by runners" testId="stat-spend" />
        <Stat
          label="Active agents"
          value={String(o.activeAgents)}
          hint="seen in the last 24 hours"
          testId="stat-agents"
        />
      </div>
      <Card className="mt-6">
        <CardHeader
          title="Recent failures"
          actions={
            <Link href="/jobs?status=failed" className="text-xs text-accent hover:underline">
              All failed jobs
            </Link>
          }
        />
        {o.recentFailures.length === 0 ? (
          <p className="px-5 py-8 text-center text-muted">No failed jobs. </p>
        ) : (
          <ul className="divide-y divide-border">
            {o.recentFailures.map((j) => (
              <li key={j.id} className="flex items-center gap-4 px-5 py-3">
                <StatusBadge status={j.status} />
                <Link href={`/jobs/${j.id}`} className="min-w-0 flex-1 hover:text-accent">
                  <span className="block truncate font-medium">{j.title ?? j.external_id}</span>
                  <span className="block truncate font-mono text-[11px] text-muted">{j.error_message}</span>
                </Link>
                <span className="text-xs text-muted">{j.agent}</span>
                <span className="text-xs text-muted">
                  <RelativeTime iso={j.ended_at ?? j.last_event_at} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
