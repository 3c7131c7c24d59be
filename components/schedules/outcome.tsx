import { cn } from "@/lib/cn";
import type { Outcome } from "@/lib/schedules/outcomes";

export const OUTCOME_LABELS: Record<Outcome, string> = {
  on_time: "On time",
  late: "Late",
  missed: "Missed",
  failed: "Failed",
  running: "Running",
  due: "Due",
  upcoming: "Upcoming",
};

/** Cell colours: good green, late amber, missed red, failed fuchsia, running blue, due hollow. */
export const OUTCOME_CELL: Record<Outcome, string> = {
  on_time: "bg-emerald-500 dark:bg-emerald-500",
  late: "bg-amber-400 dark:bg-amber-500",
  missed: "bg-red-500 dark:bg-red-500",
  failed: "bg-fuchsia-700 dark:bg-fuchsia-500",
  running: "bg-sky-500 dark:bg-sky-500",
  due: "border border-dashed border-muted bg-transparent",
  upcoming: "border border-border bg-transparent",
};

const BADGE: Record<Outcome, string> = {
  on_time: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950 dark:text-emerald-300",
  late: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-950 dark:text-amber-300",
  missed: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-950 dark:text-red-300",
  failed: "bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-600/20 dark:bg-fuchsia-950 dark:text-fuchsia-300",
  running: "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-950 dark:text-sky-300",
  due: "bg-subtle text-muted ring-border",
  upcoming: "bg-subtle text-muted ring-border",
};

export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  return (
    <span
      className={cn(
        "inline-flex rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        BADGE[outcome],
      )}
      data-testid="outcome-badge"
      data-outcome={outcome}
    >
      {OUTCOME_LABELS[outcome]}
    </span>
  );
}

/** What the strip's colours mean. */
export function OutcomeLegend() {
  const shown: Outcome[] = ["on_time", "late", "missed", "failed", "running", "due"];
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-label="Legend">
      {shown.map((o) => (
        <li key={o} className="inline-flex items-center gap-1.5">
          <span className={cn("inline-block h-3 w-2 rounded-sm", OUTCOME_CELL[o])} />
          {OUTCOME_LABELS[o]}
        </li>
      ))}
    </ul>
  );
}
