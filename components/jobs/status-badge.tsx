import { cn } from "@/lib/cn";

const STYLES: Record<string, string> = {
  queued:
    "bg-slate-100 text-slate-700 ring-slate-200 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-700",
  running: "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-900",
  succeeded:
    "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-900",
  failed: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900",
  cancelled: "bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  stalled:
    "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-900",
};

const DOT: Record<string, string> = {
  queued: "bg-slate-400",
  running: "bg-sky-500 animate-pulse",
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  cancelled: "bg-zinc-400",
  stalled: "bg-amber-500",
};

export function StatusBadge({ status, stalled = false }: { status: string; stalled?: boolean }) {
  const shown = stalled ? "stalled" : status;
  return (
    <span
      data-testid="job-status"
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        STYLES[shown] ?? STYLES.queued,
      )}
    >
      <span className={cn("size-1.5 rounded-full", DOT[shown] ?? DOT.queued)} />
      {shown}
    </span>
  );
}
