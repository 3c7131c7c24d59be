"use client";
// Status chips above the board: how many agents are in each status; a click shows only those.
import { AGENT_STATUSES, type AgentStatus } from "@/lib/agents/status";
import { cn } from "@/lib/cn";
import { STATUS_STYLES } from "./agent-status-badge";

export function StatusFilter({
  counts,
  total,
  value,
  onChange,
}: {
  counts: Record<AgentStatus, number>;
  total: number;
  value: AgentStatus | null;
  onChange: (status: AgentStatus | null) => void;
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
    </fieldset>
  );
}
