"use client";
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { ClassBadge } from "@/components/failures/class-badge";
import { cn } from "@/lib/cn";
import { formatCost, formatDuration } from "@/lib/format";
import { cellJobsHref } from "@/lib/models/query-options";
import type { Cell } from "@/lib/models/schemas";
import { formatPercent } from "@/lib/overview/format";
import type { RangeParams } from "@/lib/overview/query-options";

const col = createColumnHelper<Cell>();
const num = "text-right tabular-nums";

function columns(params: RangeParams) {
  const metric = (id: keyof Cell & string, header: string, show: (c: Cell) => string) =>
    // cells without enough data (and missing values) sort last whatever the direction: they are not ranked
    col.accessor((c) => (c.enough_data ? ((c[id] as number | null) ?? undefined) : undefined), {
      id,
      header,
      sortingFn: "basic",
      sortUndefined: "last",
      cell: (c) => <span className={num}>{show(c.row.original)}</span>,
      meta: { numeric: true },
    });
  return [
    col.accessor("model", {
      header: "Model",
      cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span>,
    }),
    col.accessor("harness", {
      header: "Harness",
      cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span>,
    }),
    col.accessor("jobs", {
      header: "Jobs",
      cell: (c) => (
        <Link
          href={cellJobsHref(c.row.original, params)}
          className="text-accent hover:underline"
          title={`${c.row.original.finished} finished (succeeded or failed); open the jobs`}
        >
          {c.getValue()}
        </Link>
      ),
      meta: { numeric: true },
    }),
    metric("success_rate", "Success", (c) =>
      c.success_ci
        ? `${formatPercent(c.success_rate)} (${formatPercent(c.success_ci.low, 0)}–${formatPercent(c.success_ci.high, 0)})`
        : "—",
    ),
    metric(
      "duration_p50_ms",
      "Duration p50 · p90",
      (c) => `${formatDuration(c.duration_p50_ms)} · ${formatDuration(c.duration_p90_ms)}`,
    ),
    metric("cost_per_job_usd", "Cost / job", (c) => formatCost(c.cost_per_job_usd)),
    metric("cost_per_success_usd", "Cost / success", (c) => formatCost(c.cost_per_success_usd)),
    metric("mean_score", "Score", (c) => (c.mean_score === null ? "—" : c.mean_score.toFixed(2))),
    col.display({
      id: "classes",
      header: "Top failure class",
      cell: (c) => {
        const classes = c.row.original.failure_classes;
        return (
          <span className="flex items-center gap-1.5">
            {classes.slice(0, 1).map((f) => (
              <span key={f.failure_class} className="inline-flex items-center gap-1">
                <ClassBadge cls={f.failure_class} />
                <span className="text-[11px] text-muted tabular-nums">{f.count}</span>
              </span>
            ))}
            {classes.length > 1 ? (
              <span
                className="text-[11px] text-muted"
                title={classes
                  .slice(1)
                  .map((f) => `${f.failure_class} ${f.count}`)
                  .join(", ")}
              >
                +{classes.length - 1}
              </span>
            ) : null}
          </span>
        );
      },
    }),
  ];
}

/** Every cell of the matrix with all its figures, sortable (cells with too few jobs always last). */
export function CellsTable({ cells, params }: { cells: Cell[]; params: RangeParams }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "success_rate", desc: true }]);
  const table = useReactTable({
    data: cells,
    columns: columns(params),
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="cells-table">
        <thead className="border-b border-border bg-subtle/60 text-xs text-muted">
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const numeric = (h.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                const dir = h.column.getIsSorted();
                return (
                  <th
                    key={h.id}
                    className={cn("px-3 py-2 font-medium whitespace-nowrap", numeric && "text-right")}
                  >
                    {h.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={h.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 hover:text-fg"
                        data-testid={`sort-${h.id}`}
                      >
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        {dir === "asc" ? (
                          <ArrowUp className="size-3" />
                        ) : dir === "desc" ? (
                          <ArrowDown className="size-3" />
                        ) : null}
                      </button>
                    ) : (
                      flexRender(h.column.columnDef.header, h.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-border">
          {table.getRowModel().rows.map((r) => (
            <tr
              key={r.id}
              data-testid="cell-row"
              className={cn("hover:bg-subtle/50", !r.original.enough_data && "text-muted")}
            >
              {r.getVisibleCells().map((c) => {
                const numeric = (c.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                return (
                  <td
                    key={c.id}
                    className={cn("px-3 py-2 whitespace-nowrap", numeric && "text-right tabular-nums")}
                  >
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
