// React Query options of the Alerts board, shared by the server prefetch and the client.
import { getJson } from "@/lib/client/get-json";
import type { IncidentRow, IncidentsBoard } from "./incident-schemas";

export type BoardFilters = {
  status: IncidentRow["status"];
  severity?: IncidentRow["severity"];
  rule?: string;
  muted?: boolean;
};

export function boardQueryKey(project: string, filters: BoardFilters) {
  return ["alerts-board", project, filters] as const;
}

/** Normalises URL state (nulls, "true"/"false") into the board's filters. */
export function toBoardFilters(state: {
  status: BoardFilters["status"];
  severity: BoardFilters["severity"] | null;
  rule: string | null;
  muted: "true" | "false" | null;
}): BoardFilters {
  return {
    status: state.status,
    severity: state.severity ?? undefined,
    rule: state.rule ?? undefined,
    muted: state.muted === null ? undefined : state.muted === "true",
  };
}

export async function fetchIncidentsBoard(project: string, filters: BoardFilters): Promise<IncidentsBoard> {
  const params = new URLSearchParams({ project, status: filters.status });
  if (filters.severity) params.set("severity", filters.severity);
  if (filters.rule) params.set("rule", filters.rule);
  if (filters.muted !== undefined) params.set("muted", String(filters.muted));
  return getJson<IncidentsBoard>(`/api/v1/alerts?${params}`, "incidents");
}
