// React Query options of the jobs list (and its runs mode), shared by the server prefetch and the client.
import { getJson } from "@/lib/client/get-json";
import type { RunsPage, RunsQuery } from "@/lib/runs-list/schemas";
import { DEFAULT_DIR, DEFAULT_SORT, type JobsPage, type JobsQuery } from "./schemas";

export type JobFilters = Pick<
  JobsQuery,
  | "status"
  | "agent"
  | "model"
  | "harness"
  | "trigger"
  | "schedule"
  | "step"
  | "pipeline"
  | "range"
  | "from"
  | "to"
  | "search"
  | "sort"
  | "dir"
>;
export type RunFilters = Pick<
  RunsQuery,
  "agent" | "model" | "harness" | "trigger" | "schedule" | "step" | "range" | "from" | "to" | "dir"
>;
export const JOBS_PAGE_SIZE = 50;
/** An expanded run shows this many of its jobs (a link opens the rest in the jobs list). */
export const RUN_JOBS_SHOWN = 200;

export function jobsQueryKey(project: string, filters: JobFilters) {
  return ["jobs", project, filters] as const;
}

export function runsQueryKey(project: string, filters: RunFilters) {
  return ["runs", project, filters] as const;
}

/** Normalises URL state (nulls) into the filters the API takes. */
export function toJobFilters(state: {
  status: JobsQuery["status"] | null;
  agent: string | null;
  model: string | null;
  harness?: string | null;
  trigger?: string | null;
  schedule?: string | null;
  step?: string | null;
  pipeline?: string | null;
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
    trigger: state.trigger ?? undefined,
    schedule: state.schedule ?? undefined,
    step: state.step ?? undefined,
    pipeline: state.pipeline ?? undefined,
    range: state.range,
    from: custom ? state.from?.toISOString() : undefined,
    to: custom ? state.to?.toISOString() : undefined,
    search,
    // a transcript search lists newest first only (the API refuses another order with a search)
    sort: search ? DEFAULT_SORT : (state.sort ?? DEFAULT_SORT),
    dir: search ? DEFAULT_DIR : (state.dir ?? DEFAULT_DIR),
  };
}

/** The runs list takes the filters that apply to a run: the root's, and a step anywhere in it. */
export function toRunFilters(f: JobFilters): RunFilters {
  return {
    agent: f.agent,
    model: f.model,
    harness: f.harness,
    trigger: f.trigger,
    schedule: f.schedule,
    step: f.step,
    range: f.range,
    from: f.from,
    to: f.to,
    dir: f.sort === "started" ? f.dir : DEFAULT_DIR,
  };
}

const paramsOf = (project: string, filters: object, cursor: string | null, limit: number) => {
  const params = new URLSearchParams({ project, limit: String(limit) });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, String(v));
  if (cursor) params.set("cursor", cursor);
  return params;
};

export async function fetchJobsPage(
  project: string,
  filters: JobFilters,
  cursor: string | null,
): Promise<JobsPage> {
  return getJson<JobsPage>(`/api/v1/jobs?${paramsOf(project, filters, cursor, JOBS_PAGE_SIZE)}`, "jobs");
}

export async function fetchRunsPage(
  project: string,
  filters: RunFilters,
  cursor: string | null,
): Promise<RunsPage> {
  return getJson<RunsPage>(`/api/v1/runs?${paramsOf(project, filters, cursor, JOBS_PAGE_SIZE)}`, "runs");
}

/** The jobs of one run, in start order: what an expanded run shows. */
export async function fetchRunJobs(project: string, rootId: string): Promise<JobsPage> {
  const filters = { run: rootId, range: "all", sort: "started", dir: "asc" };
  return getJson<JobsPage>(
    `/api/v1/jobs?${paramsOf(project, filters, null, RUN_JOBS_SHOWN)}`,
    "the run's jobs",
  );
}
