import type { Metadata } from "next";
import Link from "next/link";
import type { SearchParams } from "nuqs/server";
import { ChartBarFailuresByClass } from "@/components/failures/chart-bar-failures-by-class";
import { ClassBadge } from "@/components/failures/class-badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listAssignees } from "@/lib/failures/assignees";
import { pivotByClass } from "@/lib/failures/prepare";
import {
  classBreakdown,
  type FailuresRange,
  failuresOverTime,
  listIssues,
  listUsers,
} from "@/lib/failures/queries";
import { getJobFacets } from "@/lib/jobs/queries";
import { getCurrentProject } from "@/lib/projects/current";
import { DEFAULT_RANGE } from "@/lib/range/range";
import { rangeForPage } from "@/lib/range/resolve";
import { FailuresClient, FailuresRangePicker } from "./client";
import { loadFailuresSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Failures" };

function Change({ now, before }: { now: number; before: number }) {
  if (before === 0) return <span className="text-muted">{now ? "new" : "—"}</span>;
  const pct = Math.round(((now - before) / before) * 100);
  return (
    <span className={pct > 0 ? "text-red-600" : pct < 0 ? "text-emerald-600" : "text-muted"}>
      {pct > 0 ? `+${pct}%` : `${pct}%`}
    </span>
  );
}

/** The URL's range for the queries: an unusable custom range falls back to the default, with a message. */
function rangeOf(
  p: { range: FailuresRange["range"]; from: Date | null; to: Date | null },
  now: Date,
): { range: FailuresRange; problem: string | null } {
  if (p.range === "all") return { range: { range: "all" }, problem: null };
  const { problem } = rangeForPage({ range: p.range, from: p.from, to: p.to }, now);
  if (problem) return { range: { range: DEFAULT_RANGE }, problem };
  const custom = p.range === "custom";
  return {
    range: {
      range: p.range,
      from: custom ? p.from?.toISOString() : undefined,
      to: custom ? p.to?.toISOString() : undefined,
    },
    problem: null,
  };
}

export default async function FailuresPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const p = await loadFailuresSearchParams(searchParams);
  const now = new Date();
  const { range, problem } = rangeOf(p, now);
  const [issues, breakdown, series, facets, users, assignees] = await Promise.all([
    listIssues({
      db,
      projectId: current.id,
      userId: user.id,
      filters: {
        state: p.state === "all" ? undefined : p.state,
        class: p.class ?? undefined,
        agent: p.agent ?? undefined,
        model: p.model ?? undefined,
        harness: p.harness ?? undefined,
        assignee: p.assignee ?? undefined,
        ...range,
        sort: p.sort,
        limit: 100,
      },
      now,
    }),
    classBreakdown({ db, projectId: current.id, range, now }),
    failuresOverTime({ db, projectId: current.id, range, now }),
    getJobFacets({ db, projectId: current.id }),
    listUsers({ db }),
    listAssignees({ db, projectId: current.id, me: user.id }),
  ]);
  const chart = pivotByClass(series.rows, series);
  return (
    <>
      <PageHeader
        title="Failures"
        description="Every failed job classified, grouped into issues by fingerprint, and triaged."
        actions={
          <div className="flex items-center gap-4">
            <Link
              href="/failures/rules"
              data-testid="rules-link"
              className="text-sm font-medium text-accent hover:underline"
            >
              Classification rules
            </Link>
            <Link
              href="/failures/queue"
              data-testid="open-queue"
              className="inline-flex h-9 items-center rounded-md bg-accent px-3.5 text-sm font-medium text-accent-fg shadow-sm hover:opacity-90"
            >
              Triage queue
            </Link>
          </div>
        }
      />
      <div className="mb-4 flex justify-end">
        <FailuresRangePicker />
      </div>
      {problem ? (
        <p
          role="alert"
          data-testid="range-error"
          className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-950 dark:text-amber-300"
        >
          {problem}
        </p>
      ) : null}
      <div className="mb-6 grid gap-4 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader
            title="Failures over time by class"
            description={range.range === "all" ? "The last 30 days" : undefined}
          />
          <div className="p-4">
            {chart.classes.length ? (
              <ChartBarFailuresByClass data={chart.data} classes={chart.classes} unit={series.unit} />
            ) : (
              <p className="py-16 text-center text-muted">No failed job in this range.</p>
            )}
          </div>
        </Card>
        <Card>
          <CardHeader
            title="By class"
            description={
              range.range === "all"
                ? "Failed jobs of all time"
                : "Failed jobs in the range, and the change against the range before"
            }
          />
          <table className="w-full text-sm" data-testid="class-breakdown">
            <tbody className="divide-y divide-border">
              {breakdown.map((b) => (
                <tr key={b.failure_class}>
                  <td className="px-4 py-1.5">
                    <ClassBadge cls={b.failure_class} />
                  </td>
                  <td className="px-2 py-1.5 text-right tabular-nums">{b.count}</td>
                  <td className="px-2 py-1.5 text-right text-xs text-muted tabular-nums">
                    {(b.share * 100).toFixed(0)}%
                  </td>
                  <td className="px-4 py-1.5 text-right text-xs tabular-nums">
                    {range.range === "all" ? null : <Change now={b.count} before={b.previous} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
      <FailuresClient
        me={user.id}
        canTriage={can(user.role, "triage")}
        issues={issues}
        facets={{
          ...facets,
          users: users.map((u) => ({ id: u.id, name: u.name })),
          assignees: assignees.map((u) => ({ id: u.id, name: u.me ? `Me (${u.name})` : u.name })),
          classes: breakdown.map((b) => b.failure_class),
        }}
      />
    </>
  );
}
