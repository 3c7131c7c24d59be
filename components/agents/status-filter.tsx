"use client";
// Status chips above the board: how many agents are in each status, and how many have a stalled job (a job's
// state, not a status: those agents may be alive); a click shows only those.
import { AGENT_STATUSES, type AgentStatus } from "@/lib/agents/status";
import { cn } from "@/lib/cn";
import { STATUS_STYLES } from "./agent-status-badge";

type Filter = AgentStatus | "stalled-jobs";

export function StatusFilter({
  counts,
  withStalledJobs,
  total,
  value,
  onChange,
}: {
  counts: Record<AgentStatus, number>;
  withStalledJobs: number;
  total: number;
  value: Filter | null;
  onChange: (status: Filter | null) => void;
}) {
  const chip = (active: boolean) =>
    cn(
      "inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-xs font-medium transition",
      active
        ? "border-accent bg-accent/10 text-fg"
        : "border-border bg-panel text-muted hover:border-accent/50 hover:text-fg",
    );
  return (
    <fieldset className="flex flex-wrap items-center gap-2" data-testid="status-filter">
      <legend className="sr-only">Filter by status</legend>
      <button
        type="button"
        aria-pressed={value === null}
        className={chip(value === null)}
        onClick={() => onChange(null)}
      >
        All <span className="tabular-nums">{total}</span>
      </button>
      {AGENT_STATUSES.map((s) => (
        <button
          key={s}
          type="button"
          data-testid={`status-count-${s}`}
          aria-pressed={value === s}
          className={cn(chip(value === s), counts[s] === 0 && value !== s && "opacity-60")}
          onClick={() => onChange(value === s ? null : s)}
        >
          <span className={cn("size-2 rounded-full", STATUS_STYLES[s].dot)} />
          {STATUS_STYLES[s].label}
          <span className="tabular-nums">{counts[s]}</span>
        </button>
      ))}
      <button
        type="button"
        data-testid="status-count-stalled-jobs"
        aria-pressed={value === "stalled-jobs"}
        title="Agents with a running job that has sent no event for longer than the stall time"
        className={cn(
          chip(value === "stalled-jobs"),
          withStalledJobs === 0 && value !== "stalled-jobs" && "opacity-60",
        )}
        onClick={() => onChange(value === "stalled-jobs" ? null : "stalled-jobs")}
      >
        <span className="size-2 rounded-full bg-amber-500" />
        with stalled jobs
        <span className="tabular-nums">{withStalledJobs}</span>
      </button>
    </fieldset>
  );
}
