import type { AgentStatus } from "@/lib/agents/status";
import { cn } from "@/lib/cn";

export const STATUS_STYLES: Record<AgentStatus, { badge: string; dot: string; label: string }> = {
  waiting: {
    label: "waiting",
    badge:
      "bg-violet-50 text-violet-700 ring-violet-200 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-900",
    dot: "bg-violet-500",
  },
  running: {
    label: "running",
    badge: "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-900",
    dot: "bg-sky-500 animate-pulse",
  },
  idle: {
    label: "idle",
    badge:
      "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-900",
    dot: "bg-emerald-500",
  },
  offline: {
    label: "offline",
    badge: "bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-400 dark:ring-zinc-700",
    dot: "border border-zinc-400 bg-transparent",
  },
};

export function AgentStatusBadge({ status, className }: { status: AgentStatus; className?: string }) {
  const s = STATUS_STYLES[status];
  return (
    <span
      data-testid="agent-status"
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        s.badge,
        className,
      )}
    >
      <span className={cn("size-1.5 rounded-full", s.dot)} />
      {s.label}
    </span>
  );
}

/** A red flag beside the status of an agent that failed a lot today. */
export function FailingFlag({ failed, jobs }: { failed: number; jobs: number }) {
  return (
    <span
      data-testid="agent-failing"
      title={`${failed} of ${jobs} jobs failed today`}
      className="inline-flex items-center rounded-full bg-red-50 px-1.5 py-0.5 text-[11px] font-medium text-red-700 ring-1 ring-red-200 ring-inset dark:bg-red-950 dark:text-red-300 dark:ring-red-900"
    >
      failing
    </span>
  );
}
