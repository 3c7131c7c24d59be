// React Query options of the jobs list, shared by the server prefetch and the client.
import { getJson } from "@/lib/client/get-json";
import { DEFAULT_DIR, DEFAULT_SORT, type JobsPage, type JobsQuery } from "./schemas";

export type JobFilters = Pick<
  JobsQuery,
  "status" | "agent" | "model" | "harness" | "range" | "from" | "to" | "search" | "sort" | "dir"
>;
export const JOBS_PAGE_SIZE = 50;

export function jobsQueryKey(project: string, filters: JobFilters) {
  return ["jobs", project, filters] as const;
}

/** Normalises URL state (nulls) into the filters the API takes. */
export function toJobFilters(state: {
  status: JobsQuery["status"] | null;
  agent: string | null;
  model: string | null;
  harness?: string | null;
  range: JobsQuery["range"];
  from?: Date | null;
  to?: Date | null;
  q?: string | null;
  sort?: JobsQuery["sort"] | null;
  dir?: JobsQuery["dir"] | null;
}): JobFilters {
  const custom = state.range === "custom";
  const search = state.q?.trim() || undefined;
  return {
    status: state.status ?? undefined,
    agent: state.agent ?? undefined,
    model: state.model ?? undefined,
    harness: state.harness ?? undefined,
    range: state.range,
    from: custom ? state.from?.toISOString() : undefined,
    to: custom ? state.to?.toISOString() : undefined,
    search,
    // a transcript search lists newest first only (the API refuses another order with a search)
    sort: search ? DEFAULT_SORT : (state.sort ?? DEFAULT_SORT),
    dir: search ? DEFAULT_DIR : (state.dir ?? DEFAULT_DIR),
  };
}

export async function fetchJobsPage(
  project: string,
  filters: JobFilters,
  cursor: string | null,
): Promise<JobsPage> {
  const params = new URLSearchParams({ project, limit: String(JOBS_PAGE_SIZE) });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, String(v));
  if (cursor) params.set("cursor", cursor);
  return getJson<JobsPage>(`/api/v1/jobs?${params}`, "jobs");
}
