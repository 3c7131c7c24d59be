"use client";
// The jobs list on a phone: one card per job (nothing scrolls sideways), with the sort as a menu and a
// direction button instead of column headers.
import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import { formatCost, formatDuration } from "@/lib/format";
import { JOB_SORTS, type JobSort, type JobSummary } from "@/lib/jobs/schemas";
import { RunBadges } from "./run-badges";
import type { SortState } from "./sort-header";
import { StatusBadge } from "./status-badge";

const SORT_LABELS: Record<JobSort, string> = {
  started: "Started",
  status: "Status",
  title: "Title",
  agent: "Agent",
  model: "Model",
  harness: "Harness",
  duration: "Duration",
  cost: "Cost",
};

function SortBar({ sort }: { sort: SortState }) {
  const Arrow = sort.dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <div className="mb-2 flex items-center gap-2 text-xs text-muted">
      <label htmlFor="jobs-sort-select">Sort by</label>
      <Select
        id="jobs-sort-select"
        data-testid="jobs-sort-select"
        className="h-8 max-w-40"
        value={sort.sort}
        onChange={(e) => sort.onSort(e.target.value as JobSort, sort.dir)}
      >
        {JOB_SORTS.map((s) => (
          <option key={s} value={s}>
            {SORT_LABELS[s]}
          </option>
        ))}
      </Select>
      <button
        type="button"
        data-testid="jobs-sort-dir"
        onClick={() => sort.onSort(sort.sort, sort.dir === "asc" ? "desc" : "asc")}
        className="inline-flex h-8 items-center gap-1 rounded-md border border-border bg-panel px-2 shadow-sm hover:text-fg"
      >
        <Arrow className="size-3.5" aria-hidden />
        {sort.dir === "asc" ? "Ascending" : "Descending"}
      </button>
    </div>
  );
}

export function JobCards({
  jobs,
  sort,
  className,
}: {
  jobs: JobSummary[];
  sort?: SortState;
  className?: string;
}) {
  return (
    <div className={className}>
      {sort ? <SortBar sort={sort} /> : null}
      <ul
        className="divide-y divide-border rounded-lg border border-border bg-panel shadow-sm"
        data-testid="job-cards"
      >
        {jobs.map((j) => {
          const title = j.title ?? j.external_id;
          const sub = j.error_message ?? j.external_id;
          return (
            <li key={j.id} className="px-3 py-2.5" data-testid="job-card">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0 flex-1">
                  <Link href={`/jobs/${j.id}`} className="block min-w-0 hover:text-accent">
                    <span className="block truncate text-sm font-medium" title={title}>
                      {title}
                    </span>
                    <span className="block truncate font-mono text-[11px] text-muted" title={sub}>
                      {sub}
                    </span>
                  </Link>
                  <RunBadges job={j} />
                </div>
                <StatusBadge status={j.status} stalled={j.stalled} />
              </div>
              <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs text-muted">
                {j.agent ? (
                  <Link href={`/agents/${encodeURIComponent(j.agent)}`} className="text-fg hover:text-accent">
                    {j.agent}
                  </Link>
                ) : null}
                {j.model ? <span className="max-w-full truncate font-mono">{j.model}</span> : null}
                <RelativeTime iso={j.started_at} />
                <span className={cn("tabular-nums", j.duration_ms == null && "hidden")}>
                  {formatDuration(j.duration_ms)}
                </span>
                <span className="tabular-nums">{formatCost(j.cost_usd)}</span>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
