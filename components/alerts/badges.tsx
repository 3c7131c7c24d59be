import { BellOff } from "lucide-react";
import { cn } from "@/lib/cn";

const PILL = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

const SEVERITY: Record<string, string> = {
  critical: "bg-red-600 text-white ring-red-700 dark:bg-red-700 dark:ring-red-600",
  error: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900",
  warning:
    "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-900",
  info: "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-900",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span data-testid="severity-badge" className={cn(PILL, SEVERITY[severity] ?? SEVERITY.info)}>
      {severity}
    </span>
  );
}

const STATUS: Record<string, string> = {
  firing: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900",
  acknowledged:
    "bg-violet-50 text-violet-700 ring-violet-200 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-900",
  resolved:
    "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-900",
};

export function IncidentStatusBadge({ status, muted }: { status: string; muted: boolean }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span data-testid="incident-status" className={cn(PILL, STATUS[status] ?? STATUS.firing)}>
        {status}
      </span>
      {muted ? (
        <span
          data-testid="incident-muted"
          title="A silence covered it as it opened: recorded, not delivered"
          className={cn(
            PILL,
            "bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
          )}
        >
          <BellOff className="size-3" aria-hidden /> muted
        </span>
      ) : null}
    </span>
  );
}
