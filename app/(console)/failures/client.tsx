"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useCallback, useEffect, useState } from "react";
import { FailureClassesCards } from "@/components/failures/failure-classes-cards";
import { type IssueFacets, IssueFilters } from "@/components/failures/issue-filters";
import { IssueSearch } from "@/components/failures/issue-search";
import { IssuesTable } from "@/components/failures/issues-table";
import { RangePicker } from "@/components/shell/range-picker";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { send } from "@/lib/client/send";
import {
  classesView,
  failureClassesKey,
  fetchFailureClasses,
  fetchIssues,
  issuesKey,
  toFailuresView,
} from "@/lib/failures/query-options";
import type { IssueSummary } from "@/lib/failures/schemas";
import { parseIssueQuery, queryStates } from "@/lib/failures/search-query";
import { failuresSearchParams } from "./search-params";

const NO_ISSUES: IssueSummary[] = [];

/** A triage change: null when done, else the server's message (lib/client/send.ts). */
async function triage(id: string, body: object): Promise<string | null> {
  const sent = await send(`/api/v1/issues/${encodeURIComponent(id)}/triage`, "POST", body);
  return sent.ok ? null : sent.error;
}

async function bulk(ids: string[], action: object): Promise<string | null> {
  const sent = await send("/api/v1/issues/bulk-triage", "POST", { ids, action });
  return sent.ok ? null : sent.error;
}

/** The shared range picker plus "All time" (?range=all), which this page and the jobs list take. */
export function FailuresRangePicker() {
  return <RangePicker allTime className="justify-end" />;
}

export function FailuresClient({
  project,
  facets,
  me,
  canTriage,
}: {
  project: string;
  facets: IssueFacets;
  me: string;
  /** false for a viewer: no selection, bulk bar or triage keys (the server refuses triage anyway) */
  canTriage: boolean;
}) {
  const [urlState, setUrlState] = useQueryStates(failuresSearchParams);
  const view = toFailuresView(urlState);
  const parsed = view.q ? parseIssueQuery(view.q) : null;
  const searchError = parsed && !parsed.ok ? parsed.error : null;
  const common = {
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    enabled: !searchError,
  } as const;
  const list = useQuery({
    queryKey: issuesKey(project, view),
    queryFn: () => fetchIssues(project, view),
    ...common,
  });
  const classes = useQuery({
    queryKey: failureClassesKey(project, classesView(view)),
    queryFn: () => fetchFailureClasses(project, classesView(view)),
    ...common,
  });
  const issues = (searchError ? null : list.data) ?? NO_ISSUES;
  const router = useRouter();
  const queryClient = useQueryClient();
  // after a triage change: the list, the chart and the breakdown of every view of this project
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: ["failures", project] }),
    [queryClient, project],
  );
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // an issue that left the list (merged, deleted, triaged elsewhere) leaves the selection too
  useEffect(() => {
    setSelected((s) => {
      const listed = new Set(issues.map((i) => i.id));
      const kept = [...s].filter((id) => listed.has(id));
      return kept.length === s.size ? s : new Set(kept);
    });
  }, [issues]);
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
  // a refused change keeps the selection and says why, next to the bulk bar / above the list
  const [actionError, setActionError] = useState<string | null>(null);
  const runBulk = async (action: object) => {
    const error = await bulk([...selected], action);
    setActionError(error);
    if (!error) setSelected(new Set());
    refresh();
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
        setActionError(
          await triage(
            issue.id,
            e.key === "e"
              ? { action: "resolve" }
              : e.key === "i"
                ? { action: "ignore" }
                : { action: "assign", user_id: me },
          ),
        );
        refresh();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [issues, cursor, router, me, toggle, canTriage, refresh]);

  const filtered = Boolean(
    view.q || view.class || view.agent || view.model || view.harness || view.assignee || view.state !== "all",
  );
  return (
    <div className="space-y-4">
      <IssueSearch
        value={view.q ?? null}
        error={searchError}
        onChange={(q) => void setUrlState({ q })}
        aside={
          canTriage
            ? "j/k move · Enter open · x select · e resolve · i ignore · a assign to me"
            : "j/k move · Enter open"
        }
      />
      <FailureClassesCards
        data={searchError ? undefined : classes.data}
        error={searchError ? null : classes.error}
        allTime={view.range === "all"}
        filtered={filtered}
        idle={searchError ? "Fix the search above to see these figures." : null}
      />
      <IssueFilters
        value={urlState}
        facets={facets}
        stateFromSearch={Boolean(parsed?.ok && queryStates(parsed.terms))}
        onChange={(patch) => void setUrlState(patch as Parameters<typeof setUrlState>[0])}
      />
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
      <ActionError error={actionError} className="text-sm" testId="triage-error" />
      {list.isError && !searchError ? (
        <p role="alert" className="text-sm text-red-600" data-testid="issues-error">
          {list.error.message}
        </p>
      ) : list.isPending && !searchError ? (
        <div className="h-64 animate-pulse rounded-lg bg-subtle" />
      ) : (
        <IssuesTable
          issues={issues}
          cursor={cursor}
          onCursor={setCursor}
          selected={selected}
          onSelect={setSelected}
          onToggle={toggle}
          canTriage={canTriage}
          emptyText={searchError ? "Fix the search above to list issues." : undefined}
        />
      )}
    </div>
  );
}
