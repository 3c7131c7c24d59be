import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChartBarIssueTimeline } from "@/components/failures/chart-bar-issue-timeline";
import { ClassBadge } from "@/components/failures/class-badge";
import { IssueStateBadge } from "@/components/failures/state-badge";
import { Markdown } from "@/components/transcripts/markdown";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import { getReadDb } from "@/db/read";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { type Assignee, listAssignees } from "@/lib/failures/assignees";
import { getIssue, listUsers } from "@/lib/failures/queries";
import { getCurrentProject } from "@/lib/projects/current";
import { MergedIssues, NoteForm, TriageActions } from "./client";

export const metadata: Metadata = { title: "Issue" };

function describe(a: { kind: string; data: Record<string, unknown> }, users: Map<string, string>): string {
  const d = a.data;
  if (a.kind === "note") return "";
  const undo = d.undo_of ? " (undo)" : "";
  if (a.kind === "assign")
    return `${d.to ? `assigned it to ${users.get(String(d.to)) ?? "someone"}` : "unassigned it"}${undo}`;
  if (a.kind === "regression") return `regressed: ${String(d.reason ?? "seen again")}`;
  if (a.kind === "merge") {
    return Array.isArray(d.issues)
      ? `merged ${d.issues.length} issue(s) into this one`
      : "merged this issue into another";
  }
  if (a.kind === "unmerge") return d.title ? `unmerged “${String(d.title)}”` : "unmerged this issue";
  const extra = d.inNextRelease
    ? " in the next release"
    : d.untilCount
      ? ` until ${d.untilCount} more failures`
      : d.until
        ? ` until ${String(d.until).slice(0, 16).replace("T", " ")}`
        : d.inVersion
          ? ` in ${d.inVersion}`
          : "";
  return `changed it from ${String(d.from)} to ${String(d.to)}${extra}${d.reason ? ` (${String(d.reason)})` : ""}${undo}`;
}

function Breakdown({ title, rows }: { title: string; rows: { name: string; count: number }[] }) {
  return (
    <div>
      <p className="mb-1 text-xs font-medium text-muted">{title}</p>
      <ul className="space-y-0.5 text-sm">
        {rows.slice(0, 6).map((r) => (
          <li key={r.name} className="flex justify-between gap-2">
            <span className="truncate font-mono text-xs">{r.name}</span>
            <span className="tabular-nums text-muted">{r.count}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "Assign to": me first, then the project's members; the current assignee stays listed even if no longer eligible. */
function assigneeOptions(assignees: Assignee[], current: { id: string; name: string } | null) {
  const options = assignees.map((a) => ({ id: a.id, name: a.me ? `Me (${a.name})` : a.name }));
  if (current && !options.some((o) => o.id === current.id)) options.push(current);
  return options;
}

export default async function IssuePage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireUser();
  const { id } = await params;
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const issue = await getIssue({ db, projectId: current.id, id });
  if (!issue) notFound();
  const [users, assignees] = await Promise.all([
    listUsers({ db }),
    listAssignees({ db, projectId: current.id, me: me.id }),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const canTriage = can(me.role, "triage");
  return (
    <div className="space-y-5">
      <div>
        <Link href="/failures" className="inline-flex items-center gap-1 text-xs text-muted hover:text-fg">
          <ChevronLeft className="size-3.5" /> Failures
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold tracking-tight wrap-anywhere" data-testid="issue-title">
            {issue.title}
          </h1>
          <IssueStateBadge state={issue.state} />
          <ClassBadge cls={issue.failure_class} />
        </div>
        <p className="mt-1 text-xs text-muted">
          {issue.events} failures · first seen <RelativeTime iso={issue.first_seen} /> · last seen{" "}
          <RelativeTime iso={issue.last_seen} />
          {issue.assignee ? ` · assigned to ${issue.assignee.name}` : ""}
        </p>
      </div>
      {issue.merged_into ? (
        <p className="rounded-md border border-border bg-subtle px-3 py-2 text-sm">
          Merged into{" "}
          <Link href={`/failures/${issue.merged_into}`} className="text-accent hover:underline">
            another issue
          </Link>
          : its failures count there.
        </p>
      ) : null}
      {canTriage ? (
        <TriageActions issue={issue} users={assigneeOptions(assignees, issue.assignee)} />
      ) : (
        <p className="text-xs text-muted" data-testid="read-only">
          Read only: viewers can't triage. Ask an admin for the member role.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader title="Failures per day" description="Last 30 days" />
          <div className="p-4">
            <ChartBarIssueTimeline data={issue.timeline} />
          </div>
        </Card>
        <Card className="space-y-4 p-4">
          <Breakdown title="Agents" rows={issue.breakdown.agents} />
          <Breakdown title="Models" rows={issue.breakdown.models} />
          <Breakdown title="Harnesses" rows={issue.breakdown.harnesses} />
        </Card>
      </div>
      {issue.merged.length ? (
        <Card>
          <CardHeader
            title="Merged issues"
            description="Their failures count here; unmerge to split one out again."
          />
          <MergedIssues issueId={issue.id} merged={issue.merged} canUnmerge={canTriage} />
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Error" />
        <pre
          className="max-h-64 overflow-auto p-4 font-mono text-xs whitespace-pre-wrap wrap-anywhere"
          data-testid="issue-error"
        >
          {issue.sample_message}
        </pre>
      </Card>
      <Card>
        <CardHeader title="Sample jobs" description="Newest first; opens the transcript at the failure" />
        <ul className="divide-y divide-border" data-testid="issue-jobs">
          {issue.sample_jobs.map((j) => (
            <li key={j.id} className="flex items-center gap-4 px-5 py-2.5 text-sm">
              <Link
                href={`/jobs/${j.id}${j.failing_entry ? `#entry-${encodeURIComponent(j.failing_entry)}` : ""}`}
                className="min-w-0 flex-1 truncate font-medium hover:text-accent"
                data-testid="issue-job-link"
              >
                {j.title ?? j.external_id}
              </Link>
              <span className="text-xs text-muted">{j.agent}</span>
              <span className="font-mono text-xs text-muted">{j.model}</span>
              <span className="text-xs text-muted">
                {j.ended_at ? <RelativeTime iso={j.ended_at} /> : null}
              </span>
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <CardHeader title="History and notes" />
        <ol className="divide-y divide-border" data-testid="issue-history">
          {issue.activity.map((a) => (
            <li key={a.id} className="px-5 py-2.5 text-sm">
              <p className="text-xs text-muted">
                <span className="font-medium text-fg">{a.user?.name ?? "Fleetwatch"}</span>{" "}
                {describe(a, names)} · <RelativeTime iso={a.at} />
              </p>
              {a.kind === "note" ? (
                <div className="mt-1">
                  <Markdown text={String(a.data.text ?? "")} />
                </div>
              ) : null}
            </li>
          ))}
          {issue.activity.length === 0 ? (
            <li className="px-5 py-4 text-sm text-muted">No changes yet.</li>
          ) : null}
        </ol>
        {canTriage ? (
          <div className="border-t border-border p-4">
            <NoteForm issueId={issue.id} />
          </div>
        ) : null}
      </Card>
    </div>
  );
}
