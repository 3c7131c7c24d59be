"use client";
import { X } from "lucide-react";
import { Select } from "@/components/ui/input";
import { COST_GROUP_LABELS, COST_GROUPS, type CostGroup } from "@/lib/costs/schemas";
import { BUCKETS, type Bucket } from "@/lib/range/range";

export type CostsFilterState = {
  groupBy: CostGroup;
  bucket: Bucket | null;
  agent: string | null;
  model: string | null;
  harness: string | null;
};

const BUCKET_LABELS: Record<Bucket, string> = { hour: "Hourly", day: "Daily", week: "Weekly" };

function FacetSelect({
  name,
  all,
  value,
  options,
  onChange,
}: {
  name: "agent" | "model" | "harness";
  all: string;
  value: string | null;
  options: string[];
  onChange: (v: string | null) => void;
}) {
  const list = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <Select
      aria-label={name}
      data-testid={`filter-${name}`}
      className="max-w-48"
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value || null)}
    >
      <option value="">{all}</option>
      {list.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </Select>
  );
}

export function CostsFilters({
  value,
  onChange,
  facets,
  autoBucket,
}: {
  value: CostsFilterState;
  onChange: (patch: Partial<CostsFilterState>) => void;
  facets: { agents: string[]; models: string[]; harnesses: string[] };
  autoBucket: Bucket;
}) {
  const filtered = value.agent || value.model || value.harness;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2" data-testid="costs-filters">
      <label htmlFor="costs-group-by" className="text-xs text-muted">
        Group by
      </label>
      <Select
        id="costs-group-by"
        data-testid="group-by"
        value={value.groupBy}
        onChange={(e) => onChange({ groupBy: e.target.value as CostGroup })}
      >
        {COST_GROUPS.map((g) => (
          <option key={g} value={g}>
            {COST_GROUP_LABELS[g]}
            {g === "project" ? " (all projects)" : ""}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Bucket"
        data-testid="bucket"
        value={value.bucket ?? ""}
        onChange={(e) => onChange({ bucket: (e.target.value || null) as Bucket | null })}
      >
        <option value="">Auto ({BUCKET_LABELS[autoBucket].toLowerCase()})</option>
        {BUCKETS.map((b) => (
          <option key={b} value={b}>
            {BUCKET_LABELS[b]}
          </option>
        ))}
      </Select>
      <FacetSelect
        name="agent"
        all="All agents"
        value={value.agent}
        options={facets.agents}
        onChange={(agent) => onChange({ agent })}
      />
      <FacetSelect
        name="model"
        all="All models"
        value={value.model}
        options={facets.models}
        onChange={(model) => onChange({ model })}
      />
      <FacetSelect
        name="harness"
        all="All harnesses"
        value={value.harness}
        options={facets.harnesses}
        onChange={(harness) => onChange({ harness })}
      />
      {filtered ? (
        <button
          type="button"
          data-testid="clear-filters"
          onClick={() => onChange({ agent: null, model: null, harness: null })}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-muted hover:bg-subtle hover:text-fg"
        >
          <X className="size-3.5" /> Clear filters
        </button>
      ) : null}
    </div>
  );
}
