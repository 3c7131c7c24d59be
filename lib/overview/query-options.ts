// React Query options of the Overview, shared by the server prefetch and the client.
import { getJson } from "@/lib/client/get-json";
import type { RangeKind } from "@/lib/range/range";
import type { Overview } from "./schemas";

/** The range as the read APIs take it (from/to only for a custom range). */
export type RangeParams = { range: RangeKind; from?: string; to?: string };

export function toRangeParams(state: { range: RangeKind; from: Date | null; to: Date | null }): RangeParams {
  if (state.range !== "custom") return { range: state.range };
  return { range: "custom", from: state.from?.toISOString(), to: state.to?.toISOString() };
}

export function rangeSearch(params: RangeParams): URLSearchParams {
  const s = new URLSearchParams({ range: params.range });
  if (params.from) s.set("from", params.from);
  if (params.to) s.set("to", params.to);
  return s;
}

export const overviewQueryKey = (project: string, params: RangeParams) =>
  ["overview", project, params] as const;

export function fetchOverview(project: string, params: RangeParams): Promise<Overview> {
  const s = rangeSearch(params);
  s.set("project", project);
  return getJson<Overview>(`/api/v1/overview?${s}`);
}
