"use client";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import { RelativeTime } from "@/components/ui/time";
import { formatCost, formatDuration } from "@/lib/format";
import type { JobSummary } from "@/lib/jobs/schemas";
import { StatusBadge } from "./status-badge";

const col = createColumnHelper<JobSummary>();

const columns = [
  col.accessor("status", {
    header: "Status",
    cell: (c) => <StatusBadge status={c.getValue()} stalled={c.row.original.stalled} />,
  }),
  col.accessor("title", {
    header: "Job",
    cell: (c) => (
      <Link href={`/jobs/${c.row.original.id}`} className="group block max-w-[17rem]" data-testid="job-link">
        <span className="block truncate font-medium group-hover:text-accent">
          {c.getValue() ?? c.row.original.external_id}
        </span>
        <span className="block truncate font-mono text-[11px] text-muted">
          {c.row.original.error_message ?? c.row.original.external_id}
        </span>
      </Link>
    ),
  }),
  col.accessor("agent", {
    header: "Agent",
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
    header: "Model",
    cell: (c) => <span className="font-mono text-xs">{c.getValue() ?? "—"}</span>,
  }),
  col.accessor("harness", {
    header: "Harness",
    cell: (c) => (
      <span className="text-xs">
        {c.getValue() ?? "—"}
        {c.row.original.harness_version ? (
          <span className="text-muted"> {c.row.original.harness_version}</span>
        ) : null}
      </span>
    ),
  }),
  col.accessor("started_at", { header: "Started", cell: (c) => <RelativeTime iso={c.getValue()} /> }),
  col.accessor("duration_ms", {
    header: "Duration",
    cell: (c) => <span className="tabular-nums">{formatDuration(c.getValue())}</span>,
  }),
  col.accessor("cost_usd", {
    header: "Cost",
    cell: (c) => <span className="tabular-nums">{formatCost(c.getValue())}</span>,
  }),
];

export function JobsTable({ jobs }: { jobs: JobSummary[] }) {
  const table = useReactTable({
    data: jobs,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
  });
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-panel shadow-sm">
      <table className="w-full text-left text-sm" data-testid="jobs-table">
        <thead className="border-b border-border bg-subtle/60 text-xs text-muted">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => (
                <th key={h.id} className="px-3 py-2.5 font-medium whitespace-nowrap first:pl-4">
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-border">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="hover:bg-subtle/50" data-testid="job-row">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-3 py-2.5 whitespace-nowrap first:pl-4">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
