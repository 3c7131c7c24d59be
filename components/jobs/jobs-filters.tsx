"use client";
import { X } from "lucide-react";
import { Select } from "@/components/ui/input";
import type { JobFacets } from "@/lib/jobs/queries";
import { JOB_STATUS_FILTERS, type JobView } from "@/lib/jobs/schemas";
import { ViewToggle } from "./view-toggle";

export type FilterState = {
  view: JobView;
  q: string | null;
  status: (typeof JOB_STATUS_FILTERS)[number] | null;
  agent: string | null;
  model: string | null;
  harness: string | null;
  trigger: string | null;
  schedule: string | null;
  step: string | null;
  pipeline: string | null;
};

type Facet = "agent" | "model" | "harness" | "trigger" | "schedule" | "step";

/** Each facet's menu: its label, the "all" option, and where its values come from. */
const FACETS: { key: Facet; label: string; all: string; values: (f: JobFacets) => string[] }[] = [
  { key: "agent", label: "Agent", all: "All agents", values: (f) => f.agents },
  { key: "model", label: "Model", all: "All models", values: (f) => f.models },
  { key: "harness", label: "Harness", all: "All harnesses", values: (f) => f.harnesses },
  { key: "trigger", label: "Trigger", all: "All triggers", values: (f) => f.triggers },
  { key: "schedule", label: "Schedule", all: "All schedules", values: (f) => f.schedules },
  { key: "step", label: "Step", all: "All steps", values: (f) => f.steps },
];

const CLEARED = {
  status: null,
  agent: null,
  model: null,
  harness: null,
  trigger: null,
  schedule: null,
  step: null,
  pipeline: null,
  q: null,
} as const;

export function JobsFilters({
  value,
  onChange,
  facets,
}: {
  value: FilterState;
  onChange: (patch: Partial<FilterState>) => void;
  facets: JobFacets;
}) {
  const runs = value.view === "runs";
  const active = Object.keys(CLEARED).some((k) => value[k as keyof typeof CLEARED]);
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2" data-testid="jobs-filters">
      <ViewToggle
        value={value.view}
        // runs are listed by their start only, and a transcript search or status finds jobs, not runs
        onChange={(view) =>
          onChange(view === "runs" ? { view, q: null, status: null, pipeline: null } : { view })
        }
      />
      {runs ? null : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
            onChange({ q: q || null });
          }}
        >
          <input
            key={value.q ?? ""}
            name="q"
            type="search"
            defaultValue={value.q ?? ""}
            placeholder="Search transcripts…"
            aria-label="Search transcripts"
            data-testid="jobs-search"
            className="h-9 w-64 rounded-md border border-border bg-panel px-3 text-sm shadow-sm outline-none focus:border-accent"
          />
        </form>
      )}
      {runs ? null : (
        <Select
          aria-label="Status"
          data-testid="filter-status"
          className="max-w-56"
          value={value.status ?? ""}
          onChange={(e) => onChange({ status: (e.target.value || null) as FilterState["status"] })}
        >
          <option value="">All statuses</option>
          {JOB_STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      )}
      {FACETS.map(({ key, label, all, values }) => {
        const options = values(facets);
        const current = value[key];
        // a menu with nothing to choose stays out of the way (a fleet without schedules has no Schedule menu)
        if (options.length === 0 && !current) return null;
        return (
          <Select
            key={key}
            aria-label={label}
            data-testid={`filter-${key}`}
            className="max-w-56"
            value={current ?? ""}
            onChange={(e) => onChange({ [key]: e.target.value || null })}
          >
            <option value="">{all}</option>
            {current && !options.includes(current) ? <option value={current}>{current}</option> : null}
            {options.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        );
      })}
      {value.pipeline && !runs ? (
        <span
          className="inline-flex max-w-full items-center gap-1 rounded-full border border-accent/40 bg-accent/10 px-2.5 py-1 text-xs"
          data-testid="filter-pipeline"
        >
          <span className="text-muted">Pipeline</span>
          <span className="truncate font-mono">{value.pipeline}</span>
          <button
            type="button"
            aria-label="Remove the pipeline filter"
            onClick={() => onChange({ pipeline: null })}
            className="rounded p-0.5 text-muted hover:text-fg"
          >
            <X className="size-3" />
          </button>
        </span>
      ) : null}
      {active ? (
        <button
          type="button"
          onClick={() => onChange(CLEARED)}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-muted hover:bg-subtle hover:text-fg"
        >
          <X className="size-3" /> Clear filters
        </button>
      ) : null}
    </div>
  );
}
