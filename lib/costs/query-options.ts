// React Query options of the Costs page, shared by the server prefetch and the client.
import { getJson } from "@/lib/client/get-json";
import type { Bucket, RangeKind } from "@/lib/range/range";
import type { CostGroup, CostJobsReport, CostsReport } from "./schemas";

/** What the Costs page asks for: its URL state, normalised (no nulls; dates as RFC 3339). */
export type CostsView = {
  range: RangeKind;
  from?: string;
  to?: string;
  group_by: CostGroup;
  bucket?: Bucket;
  agent?: string;
  model?: string;
  harness?: string;
};

export function toCostsView(state: {
  range: RangeKind;
  from: Date | null;
  to: Date | null;
  groupBy: CostGroup;
  bucket: Bucket | null;
  agent: string | null;
  model: string | null;
  harness: string | null;
}): CostsView {
  const custom = state.range === "custom";
  return {
    range: state.range,
    from: custom ? state.from?.toISOString() : undefined,
    to: custom ? state.to?.toISOString() : undefined,
    group_by: state.groupBy,
    bucket: state.bucket ?? undefined,
    agent: state.agent ?? undefined,
    model: state.model ?? undefined,
    harness: state.harness ?? undefined,
  };
}

export const costsReportKey = (project: string, view: CostsView) =>
  ["costs", project, "report", view] as const;
export const costJobsKey = (project: string, view: Omit<CostsView, "group_by" | "bucket">) =>
  ["costs", project, "jobs", view] as const;

/**
 * The "top" table beside the tokens chart: agents by spend in the project in view, or models when the chart
 * already groups by agent.
 */
export function topView(view: CostsView): CostsView {
  return { ...view, group_by: view.group_by === "agent" ? "model" : "agent", bucket: undefined };
}

/** The jobs report does not depend on grouping or bucket: one cache entry for any of them. */
export function jobsView({ group_by: _g, bucket: _b, ...rest }: CostsView) {
  return rest;
}

async function getCosts<T>(path: string, project: string, view: object): Promise<T> {
  const params = new URLSearchParams({ project });
  for (const [k, v] of Object.entries(view)) if (v) params.set(k, String(v));
  return getJson<T>(`${path}?${params}`, "costs");
}

export const fetchCostsReport = (project: string, view: CostsView) =>
  getCosts<CostsReport>("/api/v1/costs", project, view);
export const fetchCostJobs = (project: string, view: Omit<CostsView, "group_by" | "bucket">) =>
  getCosts<CostJobsReport>("/api/v1/costs/jobs", project, view);
