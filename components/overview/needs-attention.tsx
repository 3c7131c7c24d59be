import { Bell, Bot, CircleDollarSign, Hourglass, TriangleAlert } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { IncidentStatusBadge, SeverityBadge } from "@/components/alerts/badges";
import { ClassBadge } from "@/components/failures/class-badge";
import { IssueStateBadge } from "@/components/failures/state-badge";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import { formatCost } from "@/lib/format";
import type { Overview } from "@/lib/overview/schemas";

function Section({
  icon,
  title,
  count,
  more,
  testId,
  children,
}: {
  icon: ReactNode;
  title: string;
  count: number;
  more?: { href: string; label: string };
  testId: string;
  children: ReactNode;
}) {
  return (
    <section data-testid={testId} className="px-5 py-3">
      <div className="mb-1.5 flex items-center gap-2 text-xs font-medium text-muted">
        {icon}
        <span>{title}</span>
        <span className="rounded-full bg-subtle px-1.5 tabular-nums text-fg" data-testid={`${testId}-count`}>
          {count}
        </span>
        {more && count > 0 ? (
          <Link href={more.href} className="ml-auto text-accent hover:underline">
            {more.label}
          </Link>
        ) : null}
      </div>
      <ul className="space-y-1">{children}</ul>
    </section>
  );
}

const row = "flex min-w-0 items-center gap-2 text-sm";

/** What is wrong right now: firing incidents, regressed and new issues, stalled jobs, offline agents, budgets at risk or over. */
export function NeedsAttention({ a }: { a: Overview["attention"] }) {
  const total =
    a.incidents.total + a.issues.total + a.stalled_jobs.total + a.offline_agents.total + a.budgets.length;
  return (
    <Card data-testid="needs-attention">
      <CardHeader title="Needs attention" description="Now, whatever the range" />
      {total === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-muted" data-testid="attention-clear">
          All clear: no firing incident, no new or regressed issue, no stalled job, no offline agent, no
          budget at risk.
        </p>
      ) : (
        <div className="divide-y divide-border">
          <Section
            icon={<Bell className="size-3.5" />}
            title="Firing incidents"
            count={a.incidents.total}
            more={{ href: "/alerts?status=firing", label: "All firing" }}
            testId="attention-incidents"
          >
            {a.incidents.items.map((i) => (
              <li key={i.id} className={row}>
                <SeverityBadge severity={i.severity} />
                <Link href={`/alerts/${i.id}`} className="min-w-0 flex-1 truncate hover:text-accent">
                  {i.title}
                </Link>
                {i.muted ? <IncidentStatusBadge status="firing" muted /> : null}
                <span className="shrink-0 text-xs text-muted">
                  <RelativeTime iso={i.opened_at} />
                </span>
              </li>
            ))}
          </Section>
          <Section
            icon={<TriangleAlert className="size-3.5" />}
            title="Regressed and new issues"
            count={a.issues.total}
            more={{ href: "/failures?state=open", label: "All open issues" }}
            testId="attention-issues"
          >
            {a.issues.items.map((i) => (
              <li key={i.id} className={row}>
                <IssueStateBadge state={i.state} />
                <Link href={`/failures/${i.id}`} className="min-w-0 flex-1 truncate hover:text-accent">
                  {i.title}
                </Link>
                <ClassBadge cls={i.failure_class} />
                <span className="shrink-0 text-xs text-muted">
                  <RelativeTime iso={i.last_seen} />
                </span>
              </li>
            ))}
          </Section>
          <Section
            icon={<Hourglass className="size-3.5" />}
            title="Stalled jobs"
            count={a.stalled_jobs.total}
            more={{ href: "/jobs?status=stalled&range=all", label: "All stalled jobs" }}
            testId="attention-stalled"
          >
            {a.stalled_jobs.items.map((j) => (
              <li key={j.id} className={row}>
                <Link href={`/jobs/${j.id}`} className="min-w-0 flex-1 truncate hover:text-accent">
                  {j.title ?? j.external_id}
                </Link>
                <span className="shrink-0 text-xs text-muted">{j.agent}</span>
                <span className="shrink-0 text-xs text-muted">
                  silent since <RelativeTime iso={j.last_event_at} />
                </span>
              </li>
            ))}
          </Section>
          <Section
            icon={<Bot className="size-3.5" />}
            title="Agents offline"
            count={a.offline_agents.total}
            more={{ href: "/agents?status=offline", label: "All offline agents" }}
            testId="attention-offline"
          >
            {a.offline_agents.items.map((g) => (
              <li key={g.name} className={row}>
                <Link
                  href={`/agents/${encodeURIComponent(g.name)}`}
                  className="min-w-0 flex-1 truncate hover:text-accent"
                >
                  {g.name}
                </Link>
                <span className="shrink-0 text-xs text-muted">
                  last heard <RelativeTime iso={g.last_activity_at} />
                </span>
              </li>
            ))}
          </Section>
          <Section
            icon={<CircleDollarSign className="size-3.5" />}
            title="Budgets at risk or over"
            count={a.budgets.length}
            more={{ href: "/costs", label: "Budgets" }}
            testId="attention-budgets"
          >
            {a.budgets.map((b) => (
              <li key={b.id} className="flex min-w-0 flex-wrap items-center gap-x-2 text-sm">
                <Link href="/costs" className="min-w-24 flex-1 truncate hover:text-accent">
                  {b.name}
                </Link>
                <span
                  data-testid="attention-budget-status"
                  data-status={b.status}
                  className={
                    b.status === "over"
                      ? "ml-auto text-xs font-medium text-red-600 dark:text-red-400"
                      : "ml-auto text-xs font-medium text-amber-700 dark:text-amber-400"
                  }
                >
                  {b.status === "over" ? "over: " : "at risk: "}
                  {Math.round(b.percent)}% of {formatCost(b.amount_usd)}{" "}
                  {b.period === "daily" ? "today" : "this month"}
                  {b.status === "at_risk" && b.forecast_usd >= b.amount_usd
                    ? `, forecast ${formatCost(b.forecast_usd)}`
                    : ""}
                </span>
              </li>
            ))}
          </Section>
        </div>
      )}
    </Card>
  );
}
