"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useCallback, useEffect, useState } from "react";
import { ClassBadge } from "@/components/failures/class-badge";
import { Sparkline } from "@/components/failures/sparkline";
import { IssueStateBadge } from "@/components/failures/state-badge";
import { RangePicker } from "@/components/shell/range-picker";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import type { IssueSummary } from "@/lib/failures/schemas";
import { failuresSearchParams } from "./search-params";

type Facets = {
  agents: string[];
  models: string[];
  harnesses: string[];
  classes: string[];
  users: { id: string; name: string }[];
  /** who an issue can be assigned to (lib/failures/assignees.ts), me first */
  assignees: { id: string; name: string }[];
};

async function triage(id: string, body: object) {
  const res = await fetch(`/api/v1/issues/${id}/triage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Triage failed (${res.status})`);
}

async function bulk(ids: string[], action: object) {
  const res = await fetch("/api/v1/issues/bulk-triage", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ids, action }),
  });
  if (!res.ok) throw new Error(`Bulk change failed (${res.status})`);
}

/** The shared range picker plus "All time" (?range=all), which this page and the jobs list take. */
export function FailuresRangePicker() {
  return <RangePicker allTime className="justify-end" />;
}

export function FailuresClient({
  issues,
  facets,
  me,
  canTriage,
}: {
  issues: IssueSummary[];
  facets: Facets;
  me: string;
  /** false for a viewer: no selection, bulk bar or triage keys (the server refuses triage anyway) */
  canTriage: boolean;
}) {
  const [p, setP] = useQueryStates(failuresSearchParams, { shallow: false });
  const router = useRouter();
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = useCallback(
    (id: string) =>
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    [],
  );
  const runBulk = async (action: object) => {
    await bulk([...selected], action);
    setSelected(new Set());
    router.refresh();
  };

  // Keyboard triage: j/k move, Enter opens, e resolves, i ignores.
  useEffect(() => {
    const onKey = async (e: KeyboardEvent) => {
      if (
        e.target instanceof HTMLInputElement ||
        e.target instanceof HTMLSelectElement ||
        e.target instanceof HTMLTextAreaElement
      )
        return;
      const issue = issues[cursor];
      if (e.key === "j") setCursor((c) => Math.min(issues.length - 1, c + 1));
      else if (e.key === "k") setCursor((c) => Math.max(0, c - 1));
      else if (e.key === "Enter" && issue) router.push(`/failures/${issue.id}`);
      else if (!canTriage) return;
      else if (e.key === "x" && issue) toggle(issue.id);
      else if ((e.key === "e" || e.key === "i" || e.key === "a") && issue) {
        await triage(
          issue.id,
          e.key === "e"
            ? { action: "resolve" }
            : e.key === "i"
              ? { action: "ignore" }
              : { action: "assign", user_id: me },
        );
        router.refresh();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [issues, cursor, router, me, toggle, canTriage]);

  const select = (label: string, key: keyof typeof p, options: [string, string][], value: string | null) => (
    <Select
      aria-label={label}
      data-testid={`filter-${key}`}
      className="max-w-48"
      value={value ?? ""}
      onChange={(e) => void setP({ [key]: e.target.value || null })}
    >
      {options.map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </Select>
  );

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        {select(
          "State",
          "state",
          [
            ["open", "Open (new, ongoing, regressed)"],
            ["new", "New"],
            ["regressed", "Regressed"],
            ["ongoing", "Ongoing"],
            ["resolved", "Resolved"],
            ["ignored", "Ignored"],
            ["all", "All states"],
          ],
          p.state,
        )}
        {select(
          "Class",
          "class",
          [["", "All classes"], ...facets.classes.map((c) => [c, c] as [string, string])],
          p.class,
        )}
        {select(
          "Agent",
          "agent",
          [["", "All agents"], ...facets.agents.map((a) => [a, a] as [string, string])],
          p.agent,
        )}
        {select(
          "Model",
          "model",
          [["", "All models"], ...facets.models.map((m) => [m, m] as [string, string])],
          p.model,
        )}
        {select(
          "Harness",
          "harness",
          [["", "All harnesses"], ...facets.harnesses.map((h) => [h, h] as [string, string])],
          p.harness,
        )}
        {select(
          "Assignee",
          "assignee",
          [
            ["", "Anyone"],
            ["me", "Assigned to me"],
            ["none", "Unassigned"],
            ...facets.users.map((u) => [u.id, u.name] as [string, string]),
          ],
          p.assignee,
        )}
        {select(
          "Sort",
          "sort",
          [
            ["last_seen", "Last seen"],
            ["first_seen", "First seen"],
            ["events", "Most events"],
          ],
          p.sort,
        )}
        <span className="ml-auto text-xs text-muted">
          {canTriage
            ? "j/k move · Enter open · x select · e resolve · i ignore · a assign to me"
            : "j/k move · Enter open"}
        </span>
      </div>
      {canTriage && selected.size ? (
        <div
          className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-accent/40 bg-accent/5 px-3 py-2 text-sm"
          data-testid="bulk-bar"
        >
          <span className="font-medium">{selected.size} selected</span>
          <Button size="sm" onClick={() => void runBulk({ action: "resolve" })} data-testid="bulk-resolve">
            Resolve
          </Button>
          {selected.size > 1 ? (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => void runBulk({ action: "merge" })}
              data-testid="bulk-merge"
              title="Into the one with the most failures"
            >
              Merge
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="secondary"
            onClick={() => void runBulk({ action: "ignore" })}
            data-testid="bulk-ignore"
          >
            Ignore
          </Button>
          <Select
            aria-label="Assign selection"
            className="h-7 max-w-48 text-xs"
            value=""
            data-testid="bulk-assign"
            onChange={(e) =>
              void runBulk({ action: "assign", user_id: e.target.value === "none" ? null : e.target.value })
            }
          >
            <option value="">Assign to…</option>
            <option value="none">Nobody</option>
            {facets.assignees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </Select>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            Clear
          </Button>
        </div>
      ) : null}
      {issues.length === 0 ? (
        <div
          className="rounded-lg border border-dashed border-border bg-panel px-6 py-16 text-center text-muted"
          data-testid="issues-empty"
        >
          No issue matches these filters.
        </div>
      ) : (
        <div className="overflow-hidden rounded-lg border border-border bg-panel shadow-sm">
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
                        setSelected(e.target.checked ? new Set(issues.map((i) => i.id)) : new Set())
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
                  onMouseEnter={() => setCursor(n)}
                >
                  <td className="py-2.5 pl-4">
                    {canTriage ? (
                      <input
                        type="checkbox"
                        aria-label={`Select ${i.title}`}
                        data-testid="issue-select"
                        checked={selected.has(i.id)}
                        onChange={() => toggle(i.id)}
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
    </div>
  );
}
