"use client";
// The selects above the issue list. The state select steps aside when the search box has an is: (which wins).
import { Select } from "@/components/ui/input";
import { FAILURE_CLASSES } from "@/lib/failures/taxonomy";

export type IssueFilterState = {
  state: string;
  class: string | null;
  agent: string | null;
  model: string | null;
  harness: string | null;
  assignee: string | null;
  sort: string;
};

export type IssueFacets = {
  agents: string[];
  models: string[];
  harnesses: string[];
  users: { id: string; name: string }[];
  /** who an issue can be assigned to (lib/failures/assignees.ts), me first */
  assignees: { id: string; name: string }[];
};

const STATES: [string, string][] = [
  ["open", "Open issues"],
  ["new", "New"],
  ["regressed", "Regressed"],
  ["ongoing", "Ongoing"],
  ["resolved", "Resolved"],
  ["ignored", "Ignored"],
  ["all", "All states"],
];

const SORTS: [string, string][] = [
  ["last_seen", "Last seen"],
  ["first_seen", "First seen"],
  ["events", "Most events"],
];

const all = (label: string, values: string[]): [string, string][] => [
  ["", label],
  ...values.map((v) => [v, v] as [string, string]),
];

export function IssueFilters({
  value,
  facets,
  stateFromSearch,
  onChange,
}: {
  value: IssueFilterState;
  facets: IssueFacets;
  /** the search box sets the state (is:), so the select is disabled */
  stateFromSearch: boolean;
  onChange: (patch: Partial<Record<keyof IssueFilterState, string | null>>) => void;
}) {
  const select = (
    label: string,
    key: keyof IssueFilterState,
    options: [string, string][],
    extra: { disabled?: boolean; title?: string } = {},
  ) => (
    <Select
      aria-label={label}
      data-testid={`filter-${key}`}
      className="max-w-40 min-w-0 flex-1 sm:flex-none"
      value={value[key] ?? ""}
      onChange={(e) => onChange({ [key]: e.target.value || null })}
      {...extra}
    >
      {options.map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </Select>
  );
  return (
    <div className="flex flex-1 flex-wrap items-center gap-2" data-testid="issue-filters">
      {select(
        "State",
        "state",
        STATES,
        stateFromSearch
          ? { disabled: true, title: "The search's is: sets the state" }
          : { title: "Open: new, ongoing or regressed" },
      )}
      {select("Class", "class", all("All classes", [...FAILURE_CLASSES]))}
      {select("Agent", "agent", all("All agents", facets.agents))}
      {select("Model", "model", all("All models", facets.models))}
      {select("Harness", "harness", all("All harnesses", facets.harnesses))}
      {select("Assignee", "assignee", [
        ["", "Anyone"],
        ["me", "Assigned to me"],
        ["none", "Unassigned"],
        ...facets.users.map((u) => [u.id, u.name] as [string, string]),
      ])}
      {select("Sort", "sort", SORTS)}
    </div>
  );
}
