"use client";
// The issue list of the failures page: one row per issue, a cursor for keyboard triage, and a selection.
import Link from "next/link";
import { ClassBadge } from "@/components/failures/class-badge";
import { Sparkline } from "@/components/failures/sparkline";
import { IssueStateBadge } from "@/components/failures/state-badge";
import { RelativeTime } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import type { IssueSummary } from "@/lib/failures/schemas";

export function IssuesTable({
  issues,
  cursor,
  onCursor,
  selected,
  onSelect,
  onToggle,
  canTriage,
  emptyText = "No issue matches these filters.",
}: {
  issues: IssueSummary[];
  emptyText?: string;
  cursor: number;
  onCursor: (n: number) => void;
  selected: Set<string>;
  onSelect: (ids: Set<string>) => void;
  onToggle: (id: string) => void;
  canTriage: boolean;
}) {
  return (
    <>
      {issues.length === 0 ? (
        <div
          className="rounded-lg border border-dashed border-border bg-panel px-6 py-16 text-center text-muted"
          data-testid="issues-empty"
        >
          {emptyText}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-panel shadow-sm">
          <table className="w-full text-left text-sm" data-testid="issues-table">
            <thead className="border-b border-border bg-subtle/60 text-xs text-muted">
              <tr>
                <th className="w-8 py-2 pl-4">
                  {canTriage ? (
                    <input
                      type="checkbox"
                      aria-label="Select all"
                      data-testid="select-all"
                      checked={selected.size > 0 && selected.size === issues.length}
                      onChange={(e) =>
                        onSelect(e.target.checked ? new Set(issues.map((i) => i.id)) : new Set())
                      }
                    />
                  ) : null}
                </th>
                <th className="px-3 py-2 font-medium">Issue</th>
                <th className="px-3 py-2 font-medium">Events</th>
                <th className="px-3 py-2 font-medium">Agents</th>
                <th className="px-3 py-2 font-medium">Trend</th>
                <th className="px-3 py-2 font-medium">Last seen</th>
                <th className="px-3 py-2 font-medium">First seen</th>
                <th className="px-3 py-2 font-medium">State</th>
                <th className="px-3 py-2 font-medium">Assignee</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {issues.map((i, n) => (
                <tr
                  key={i.id}
                  data-testid="issue-row"
                  className={cn(
                    "hover:bg-subtle/50",
                    n === cursor && "bg-accent/5 outline-2 -outline-offset-2 outline-accent/40",
                  )}
                  onMouseEnter={() => onCursor(n)}
                >
                  <td className="py-2.5 pl-4">
                    {canTriage ? (
                      <input
                        type="checkbox"
                        aria-label={`Select ${i.title}`}
                        data-testid="issue-select"
                        checked={selected.has(i.id)}
                        onChange={() => onToggle(i.id)}
                      />
                    ) : null}
                  </td>
                  <td className="max-w-md px-3 py-2.5">
                    <Link
                      href={`/failures/${i.id}`}
                      className="block truncate font-medium hover:text-accent"
                      data-testid="issue-link"
                    >
                      {i.title}
                    </Link>
                    <span className="mt-0.5 flex items-center gap-2">
                      <ClassBadge cls={i.failure_class} />
                    </span>
                  </td>
                  <td className="px-3 py-2.5 tabular-nums">
                    {i.events_in_range}
                    <span className="text-xs text-muted"> / {i.events}</span>
                  </td>
                  <td className="px-3 py-2.5 tabular-nums">{i.agents.length}</td>
                  <td className="px-3 py-2.5">
                    <Sparkline values={i.sparkline} />
                  </td>
                  <td className="px-3 py-2.5 text-xs whitespace-nowrap">
                    <RelativeTime iso={i.last_seen} />
                  </td>
                  <td className="px-3 py-2.5 text-xs whitespace-nowrap">
                    <RelativeTime iso={i.first_seen} />
                  </td>
                  <td className="px-3 py-2.5">
                    <IssueStateBadge state={i.state} />
                  </td>
                  <td className="px-3 py-2.5 text-xs">
                    {i.assignee?.name ?? <span className="text-muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
