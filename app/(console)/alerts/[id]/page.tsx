import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IncidentStatusBadge, SeverityBadge } from "@/components/alerts/badges";
import { IncidentActions } from "@/components/alerts/incident-actions";
import { IncidentFigures } from "@/components/alerts/incident-figures";
import { IncidentTimeline } from "@/components/alerts/incident-timeline";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import { getReadDb } from "@/db/read";
import { getIncident } from "@/lib/alerts/board-queries";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";

export const metadata: Metadata = { title: "Incident" };

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const incident = await getIncident({ db, projectId: current.id, id: (await params).id });
  if (!incident) notFound();
  return (
    <>
      <Link href="/alerts" className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ChevronLeft className="size-4" aria-hidden /> Alerts
      </Link>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="mb-2 flex flex-wrap items-center gap-2">
            <SeverityBadge severity={incident.severity} />
            <IncidentStatusBadge status={incident.status} muted={incident.muted} />
          </div>
          <h1 className="text-xl font-semibold tracking-tight break-words" data-testid="incident-title">
            {incident.title}
          </h1>
          <p className="mt-1 text-sm text-muted">
            Rule{" "}
            <Link
              href={`/settings/alerts?rule=${incident.rule.id}`}
              className="font-medium text-accent hover:underline"
              data-testid="incident-rule"
            >
              {incident.rule.name}
            </Link>{" "}
            · <span className="font-mono text-xs">{incident.group_key}</span> · opened{" "}
            <RelativeTime iso={incident.opened_at} /> · last seen <RelativeTime iso={incident.last_seen_at} />{" "}
            · {incident.match_count} match{incident.match_count === 1 ? "" : "es"}
          </p>
          {incident.summary ? <p className="mt-2 max-w-3xl text-sm">{incident.summary}</p> : null}
        </div>
        {can(user.role, "triage") ? <IncidentActions id={incident.id} status={incident.status} /> : null}
      </div>
      <div className="grid gap-4 lg:grid-cols-[1fr_1fr]">
        <div className="space-y-4">
          <Card>
            <CardHeader title="What fired it" description="The figures the rule saw when it fired" />
            <IncidentFigures context={incident.context} />
          </Card>
          <Card>
            <CardHeader title="Causes" description="The jobs and issues behind this incident" />
            <ul className="divide-y divide-border text-sm" data-testid="incident-causes">
              {incident.issues.map((i) => (
                <li key={i.id} className="px-5 py-2.5">
                  <Link href={`/failures/${i.id}`} className="hover:text-accent" data-testid="cause-issue">
                    {i.title}
                  </Link>
                  <span className="ml-2 text-xs text-muted">{i.failureClass}</span>
                </li>
              ))}
              {incident.jobs.map((j) => (
                <li key={j.id} className="px-5 py-2.5">
                  <Link href={`/jobs/${j.id}`} className="hover:text-accent" data-testid="cause-job">
                    {j.title ?? j.externalId}
                  </Link>
                  <span className="ml-2 text-xs text-muted">
                    {j.agent ?? "—"} · {j.status}
                  </span>
                </li>
              ))}
              {incident.issues.length + incident.jobs.length === 0 ? (
                <li className="px-5 py-4 text-muted">This rule watches a figure, not single jobs.</li>
              ) : null}
            </ul>
          </Card>
        </div>
        <Card>
          <CardHeader
            title="Timeline"
            description="Everything that happened to this incident, oldest first"
          />
          <IncidentTimeline events={incident.timeline} />
        </Card>
      </div>
    </>
  );
}
