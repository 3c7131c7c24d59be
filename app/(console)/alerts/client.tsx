"use client";
import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { IncidentsFilters, StatusTabs } from "@/components/alerts/incidents-filters";
import { IncidentsTable } from "@/components/alerts/incidents-table";
import { boardQueryKey, fetchIncidentsBoard, toBoardFilters } from "@/lib/alerts/query-options";
import { alertsSearchParams } from "./search-params";

const EMPTY: Record<string, string> = {
  firing: "Nothing is firing. Rules that fire show here until someone acknowledges them.",
  acknowledged: "No acknowledged incident is waiting to be resolved.",
  resolved: "No resolved incident yet.",
};

export function AlertsClient({ project, rules }: { project: string; rules: { id: string; name: string }[] }) {
  const [state, setState] = useQueryStates(alertsSearchParams);
  const filters = toBoardFilters(state);
  const query = useQuery({
    queryKey: boardQueryKey(project, filters),
    queryFn: () => fetchIncidentsBoard(project, filters),
    refetchInterval: 15_000,
    placeholderData: (previous) => previous,
  });
  const incidents = query.data?.incidents ?? [];
  const filtered = state.severity || state.rule || state.muted;
  return (
    <>
      <StatusTabs
        value={state.status}
        counts={query.data?.counts}
        onChange={(status) => void setState({ status })}
      />
      <IncidentsFilters value={state} rules={rules} onChange={(patch) => void setState(patch)} />
      {query.isError ? (
        <p
          role="alert"
          className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
        >
          {query.error.message}
        </p>
      ) : null}
      {query.isPending ? (
        <div className="h-64 animate-pulse rounded-lg border border-border bg-panel" />
      ) : incidents.length === 0 ? (
        <div
          className="rounded-lg border border-dashed border-border bg-panel px-6 py-16 text-center text-muted"
          data-testid="incidents-empty"
        >
          {filtered ? "No incident matches these filters." : EMPTY[state.status]}
        </div>
      ) : (
        <IncidentsTable incidents={incidents} />
      )}
      {query.data?.next_cursor ? (
        <p className="mt-3 text-xs text-muted">
          Showing the newest {incidents.length}; narrow the filters to see older ones.
        </p>
      ) : null}
    </>
  );
}
