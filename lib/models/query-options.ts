// React Query options of the Models page, shared by the server prefetch and the client.
import { getJson } from "@/lib/client/get-json";
import { type RangeParams, rangeSearch } from "@/lib/overview/query-options";
import type { CompareQuery, CompareResponse, ModelsResponse } from "./schemas";

export type CompareParams = Pick<CompareQuery, "dimension" | "a" | "b" | "match">;

export const modelsQueryKey = (project: string, params: RangeParams) => ["models", project, params] as const;
export const compareQueryKey = (project: string, params: RangeParams, compare: CompareParams) =>
  ["models-compare", project, params, compare] as const;

export function modelsPath(project: string, params: RangeParams, extra: Record<string, string> = {}) {
  const s = rangeSearch(params);
  s.set("project", project);
  for (const [k, v] of Object.entries(extra)) s.set(k, v);
  return `/api/v1/models?${s}`;
}

export function comparePath(
  project: string,
  params: RangeParams,
  compare: CompareParams,
  extra: Record<string, string> = {},
) {
  const s = rangeSearch(params);
  s.set("project", project);
  s.set("dimension", compare.dimension);
  s.set("a", compare.a);
  s.set("b", compare.b);
  s.set("match", compare.match);
  for (const [k, v] of Object.entries(extra)) s.set(k, v);
  return `/api/v1/models/compare?${s}`;
}

export const fetchModels = (project: string, params: RangeParams) =>
  getJson<ModelsResponse>(modelsPath(project, params));

export const fetchCompare = (project: string, params: RangeParams, compare: CompareParams) =>
  getJson<CompareResponse>(comparePath(project, params, compare));

/** The Jobs page filtered to one matrix cell over the same range (the drill-down). */
export function cellJobsHref(cell: { model: string; harness: string }, params: RangeParams) {
  const s = rangeSearch(params);
  s.set("model", cell.model);
  s.set("harness", cell.harness);
  return `/jobs?${s}`;
}
