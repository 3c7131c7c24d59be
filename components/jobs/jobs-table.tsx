"use client";
// The jobs list: a table from md up (sortable headers when the caller sorts), stacked cards on a phone.
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import { RelativeTime } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import { formatCost, formatDuration } from "@/lib/format";
import type { JobSort, JobSummary } from "@/lib/jobs/schemas";
import { JobCards } from "./job-cards";
import { RunBadges } from "./run-badges";
import { ariaSort, SortHeader, type SortState } from "./sort-header";
import { StatusBadge } from "./status-badge";

const col = createColumnHelper<JobSummary>();

/** The server's sort key of each column. */
const SORT_KEYS: Record<string, JobSort> = {
  status: "status",
  title: "title",
  agent: "agent",
  model: "model",
  harness: "harness",
  started_at: "started",
  duration_ms: "duration",
  cost_usd: "cost",
};

const LABELS: Record<string, string> = {
  status: "Status",
  title: "Job",
  agent: "Agent",
  model: "Model",
  harness: "Harness",
  started_at: "Started",
  duration_ms: "Duration",
  cost_usd: "Cost",
};

/** Figures read best right-aligned, under a right-aligned header. */
const NUMERIC = new Set(["duration_ms", "cost_usd"]);

const columns = [
  col.accessor("status", {
    cell: (c) => <StatusBadge status={c.getValue()} stalled={c.row.original.stalled} />,
  }),
  col.accessor("title", {
    cell: (c) => {
      const j = c.row.original;
      const title = c.getValue() ?? j.external_id;
      const sub = j.error_message ?? j.external_id;
      return (
        <div className="min-w-0">
          <Link href={`/jobs/${j.id}`} className="group block min-w-0" data-testid="job-link">
            <span className="block truncate font-medium group-hover:text-accent" title={title}>
              {title}
            </span>
            <span className="block truncate font-mono text-[11px] text-muted" title={sub}>
              {sub}
            </span>
          </Link>
          <RunBadges job={j} />
        </div>
      );
    },
  }),
  col.accessor("agent", {
    cell: (c) => {
      const agent = c.getValue();
      return agent ? (
        <Link
          href={`/agents/${encodeURIComponent(agent)}`}
          className="hover:text-accent"
          data-testid="job-agent-link"
        >
          {agent}
        </Link>
      ) : (
        <span className="text-muted">—</span>
      );
    },
  }),
  col.accessor("model", {
    cell: (c) => <span className="font-mono text-xs">{c.getValue() ?? "—"}</span>,
  }),
  col.accessor("harness", {
    cell: (c) => (
      <span className="text-xs">
        {c.getValue() ?? "—"}
        {c.row.original.harness_version ? (
          <span className="text-muted"> {c.row.original.harness_version}</span>
        ) : null}
      </span>
    ),
  }),
  col.accessor("started_at", { cell: (c) => <RelativeTime iso={c.getValue()} /> }),
  col.accessor("duration_ms", {
    cell: (c) => <span className="tabular-nums">{formatDuration(c.getValue())}</span>,
  }),
  col.accessor("cost_usd", {
    cell: (c) => <span className="tabular-nums">{formatCost(c.getValue())}</span>,
  }),
];

export function JobsTable({ jobs, sort }: { jobs: JobSummary[]; sort?: SortState }) {
  const table = useReactTable({
    data: jobs,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
  });
  return (
    <>
      <div className="hidden overflow-x-auto rounded-lg border border-border bg-panel shadow-sm md:block">
        <table className="w-full text-left text-sm" data-testid="jobs-table">
          <thead className="border-b border-border bg-subtle/60 text-xs text-muted">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const key = SORT_KEYS[h.column.id];
                  return (
                    <th
                      key={h.id}
                      aria-sort={key ? ariaSort(sort, key) : undefined}
                      className={cn(
                        "px-3 py-2.5 font-medium whitespace-nowrap first:pl-4 last:pr-4",
                        NUMERIC.has(h.column.id) && "text-right",
                      )}
                    >
                      {key ? (
                        <SortHeader label={LABELS[h.column.id] ?? ""} sortKey={key} state={sort} />
                      ) : (
                        LABELS[h.column.id]
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-border">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-subtle/50" data-testid="job-row">
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={cn(
                      "px-3 py-2.5 first:pl-4 last:pr-4",
                      // the title takes the room the other columns leave, and truncates within it
                      cell.column.id === "title" ? "w-full max-w-0 min-w-48" : "whitespace-nowrap",
                      NUMERIC.has(cell.column.id) && "text-right",
                    )}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <JobCards jobs={jobs} sort={sort} className="md:hidden" />
    </>
  );
}
