"use client";
import { X } from "lucide-react";
import { Select } from "@/components/ui/input";
import type { IncidentsBoard } from "@/lib/alerts/incident-schemas";
import { cn } from "@/lib/cn";

const STATUSES = ["firing", "acknowledged", "resolved"] as const;
const SEVERITIES = ["critical", "error", "warning", "info"] as const;

export type AlertsState = {
  status: (typeof STATUSES)[number];
  severity: (typeof SEVERITIES)[number] | null;
  rule: string | null;
  muted: "true" | "false" | null;
};

/** One tab per status with its count under the current filters. */
export function StatusTabs({
  value,
  counts,
  onChange,
}: {
  value: AlertsState["status"];
  counts: IncidentsBoard["counts"] | undefined;
  onChange: (status: AlertsState["status"]) => void;
}) {
  return (
    <div
      role="tablist"
      aria-label="Incident status"
      className="mb-4 flex gap-1 overflow-x-auto border-b border-border"
    >
      {STATUSES.map((s) => (
        <button
          key={s}
          type="button"
          role="tab"
          aria-selected={value === s}
          data-testid={`tab-${s}`}
          onClick={() => onChange(s)}
          className={cn(
            "-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap capitalize",
            value === s ? "border-accent text-fg" : "border-transparent text-muted hover:text-fg",
          )}
        >
          {s}
          <span
            data-testid={`count-${s}`}
            className={cn(
              "rounded-full px-1.5 text-xs tabular-nums",
              s === "firing" && (counts?.firing ?? 0) > 0 ? "bg-red-600 text-white" : "bg-subtle text-muted",
            )}
          >
            {counts ? counts[s] : "…"}
          </span>
        </button>
      ))}
    </div>
  );
}

export function IncidentsFilters({
  value,
  rules,
  onChange,
}: {
  value: AlertsState;
  rules: { id: string; name: string }[];
  onChange: (patch: Partial<AlertsState>) => void;
}) {
  const active = value.severity || value.rule || value.muted;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2" data-testid="incidents-filters">
      <Select
        aria-label="Severity"
        data-testid="filter-severity"
        value={value.severity ?? ""}
        onChange={(e) => onChange({ severity: (e.target.value || null) as AlertsState["severity"] })}
      >
        <option value="">Any severity</option>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Rule"
        data-testid="filter-rule"
        className="max-w-[16rem]"
        value={value.rule ?? ""}
        onChange={(e) => onChange({ rule: e.target.value || null })}
      >
        <option value="">Any rule</option>
        {rules.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Muted"
        data-testid="filter-muted"
        value={value.muted ?? ""}
        onChange={(e) => onChange({ muted: (e.target.value || null) as AlertsState["muted"] })}
      >
        <option value="">Muted or not</option>
        <option value="false">Not muted</option>
        <option value="true">Muted only</option>
      </Select>
      {active ? (
        <button
          type="button"
          data-testid="clear-filters"
          onClick={() => onChange({ severity: null, rule: null, muted: null })}
          className="inline-flex h-9 items-center gap-1 rounded-md px-2 text-sm text-muted hover:text-fg"
        >
          <X className="size-4" aria-hidden /> Clear
        </button>
      ) : null}
    </div>
  );
}
