"use client";
// A sortable column header of the jobs list: the whole label is the button; the arrow says the direction.
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { cn } from "@/lib/cn";
import type { JobSort, SortDir } from "@/lib/jobs/schemas";

export type SortState = { sort: JobSort; dir: SortDir; onSort: (sort: JobSort, dir: SortDir) => void };

/** The first click on a column: biggest first for times and figures (newest, longest, dearest), A to Z for names. */
const FIRST_DIR: Record<JobSort, SortDir> = {
  started: "desc",
  duration: "desc",
  cost: "desc",
  status: "asc",
  title: "asc",
  agent: "asc",
  model: "asc",
  harness: "asc",
};

/** What a click on `key` asks for: the other direction on the sorted column, else that column's first one. */
export function nextSort(
  current: { sort: JobSort; dir: SortDir },
  key: JobSort,
): { sort: JobSort; dir: SortDir } {
  if (current.sort === key) return { sort: key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { sort: key, dir: FIRST_DIR[key] };
}

export function ariaSort(state: SortState | undefined, key: JobSort) {
  if (!state || state.sort !== key) return undefined;
  return state.dir === "asc" ? "ascending" : "descending";
}

export function SortHeader({
  label,
  sortKey,
  state,
}: {
  label: string;
  sortKey: JobSort;
  state?: SortState;
}) {
  if (!state) return <>{label}</>;
  const active = state.sort === sortKey;
  const Icon = !active ? ArrowUpDown : state.dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <button
      type="button"
      data-testid={`sort-${sortKey}`}
      onClick={() => {
        const next = nextSort(state, sortKey);
        state.onSort(next.sort, next.dir);
      }}
      className={cn(
        "-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-subtle hover:text-fg",
        active && "text-fg",
      )}
    >
      {label}
      <Icon className={cn("size-3", active ? "opacity-100" : "opacity-40")} aria-hidden />
    </button>
  );
}
