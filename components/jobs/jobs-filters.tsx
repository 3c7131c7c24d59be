"use client";
import { X } from "lucide-react";
import { Select } from "@/components/ui/input";
import { JOB_STATUS_FILTERS } from "@/lib/jobs/schemas";

export type FilterState = {
  q: string | null;
  status: (typeof JOB_STATUS_FILTERS)[number] | null;
  agent: string | null;
  model: string | null;
  harness: string | null;
};

export function JobsFilters({
  value,
  onChange,
  facets,
}: {
  value: FilterState;
  onChange: (patch: Partial<FilterState>) => void;
  facets: { agents: string[]; models: string[]; harnesses: string[] };
}) {
  const active = value.status || value.agent || value.model || value.harness || value.q;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2" data-testid="jobs-filters">
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
      <Select
        aria-label="Agent"
        data-testid="filter-agent"
        className="max-w-56"
        value={value.agent ?? ""}
        onChange={(e) => onChange({ agent: e.target.value || null })}
      >
        <option value="">All agents</option>
        {facets.agents.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Model"
        data-testid="filter-model"
        className="max-w-56"
        value={value.model ?? ""}
        onChange={(e) => onChange({ model: e.target.value || null })}
      >
        <option value="">All models</option>
        {facets.models.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Harness"
        data-testid="filter-harness"
        className="max-w-56"
        value={value.harness ?? ""}
        onChange={(e) => onChange({ harness: e.target.value || null })}
      >
        <option value="">All harnesses</option>
        {facets.harnesses.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </Select>
      {active ? (
        <button
          type="button"
          onClick={() => onChange({ status: null, agent: null, model: null, harness: null, q: null })}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-muted hover:bg-subtle hover:text-fg"
        >
          <X className="size-3" /> Clear filters
        </button>
      ) : null}
    </div>
  );
}
