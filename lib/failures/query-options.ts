// React Query options of the failures page (issue list, chart and breakdown), shared by the server prefetch
// and the client. The three widgets take the same filters, so they always show the same slice.
import { getJson } from "@/lib/client/get-json";
import type { FailureClasses, IssueSummary, IssuesQuery } from "./schemas";

/** The page lists at most this many issues (the API's limit goes to 200). */
export const ISSUES_PAGE_LIMIT = 100;

/** What the failures page asks for: its URL state, normalised (no nulls; dates as RFC 3339). */
export type FailuresView = Omit<IssuesQuery, "project" | "limit">;

export function toFailuresView(state: {
  state: NonNullable<IssuesQuery["state"]>;
  class: string | null;
  agent: string | null;
  model: string | null;
  harness: string | null;
  assignee: string | null;
  q: string | null;
  range: IssuesQuery["range"];
  from: Date | null;
  to: Date | null;
  sort: IssuesQuery["sort"];
}): FailuresView {
  const custom = state.range === "custom";
  return {
    state: state.state,
    class: state.class ?? undefined,
    agent: state.agent ?? undefined,
    model: state.model ?? undefined,
    harness: state.harness ?? undefined,
    assignee: state.assignee ?? undefined,
    q: state.q?.trim() || undefined,
    range: state.range,
    from: custom ? state.from?.toISOString() : undefined,
    to: custom ? state.to?.toISOString() : undefined,
    sort: state.sort,
  };
}

/** The chart and breakdown do not depend on the list's order: one cache entry for any sort. */
export function classesView({ sort: _s, ...rest }: FailuresView) {
  return rest;
}

export const issuesKey = (project: string, view: FailuresView) =>
  ["failures", project, "issues", view] as const;
export const failureClassesKey = (project: string, view: ReturnType<typeof classesView>) =>
  ["failures", project, "classes", view] as const;

function search(project: string, view: object): URLSearchParams {
  const params = new URLSearchParams({ project });
  for (const [k, v] of Object.entries(view)) if (v) params.set(k, String(v));
  return params;
}

export async function fetchIssues(project: string, view: FailuresView): Promise<IssueSummary[]> {
  const params = search(project, { ...view, limit: ISSUES_PAGE_LIMIT });
  return (await getJson<{ issues: IssueSummary[] }>(`/api/v1/issues?${params}`)).issues;
}

export const fetchFailureClasses = (project: string, view: ReturnType<typeof classesView>) =>
  getJson<FailureClasses>(`/api/v1/failure-classes?${search(project, view)}`);
