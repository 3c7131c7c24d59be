import Link from "next/link";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/format";
import type { ScheduleApi } from "@/lib/schedules/schemas";
import { OUTCOME_CELL, OUTCOME_LABELS } from "./outcome";

type SlotApi = ScheduleApi["slots"][number];

/** What a cell's tooltip says: when, the outcome, the job and how late it started. */
export function slotTitle(s: SlotApi, timeZone: string): string {
  const when = formatDateTime(s.at, timeZone);
  const job = s.job ? ` · job ${s.job.external_id}` : "";
  const delay =
    s.delay_seconds !== null && s.delay_seconds > 0 ? ` · started ${formatDelay(s.delay_seconds)} after` : "";
  return `${when} (${timeZone}) · ${OUTCOME_LABELS[s.outcome]}${job}${delay}`;
}

export function formatDelay(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The latest slots as coloured cells, oldest left; a cell with a job links to it. */
export function OutcomeStrip({ slots, timeZone }: { slots: SlotApi[]; timeZone: string }) {
  if (slots.length === 0) return <span className="text-xs text-muted">No expected run yet</span>;
  return (
    <ol className="flex flex-wrap gap-0.5" aria-label="Recent runs, oldest first" data-testid="outcome-strip">
      {slots.map((s) => {
        const title = slotTitle(s, timeZone);
        const cell = cn("block h-6 w-3 rounded-sm", OUTCOME_CELL[s.outcome]);
        return (
          <li key={s.at} data-testid="slot-cell" data-outcome={s.outcome}>
            {s.job ? (
              <Link
                href={`/jobs/${encodeURIComponent(s.job.external_id)}`}
                title={title}
                aria-label={title}
                className={cn(cell, "hover:opacity-75 focus-visible:outline-2 focus-visible:outline-accent")}
              />
            ) : (
              <span title={title} className={cell}>
                <span className="sr-only">{title}</span>
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
