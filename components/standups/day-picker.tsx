"use client";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { addDays } from "@/lib/standups/days";

const STEP =
  "inline-flex size-9 items-center justify-center rounded-md border border-border bg-panel text-muted shadow-sm hover:text-fg disabled:cursor-not-allowed disabled:opacity-40";

/** Previous day, a date field (up to today in the project's time zone), next day. */
export function DayPicker({
  value,
  today,
  onChange,
}: {
  value: string;
  today: string;
  onChange: (day: string) => void;
}) {
  const label = value === today ? "Today so far" : value === addDays(today, -1) ? "Yesterday" : null;
  return (
    <div className="flex items-center gap-1.5">
      <button
        type="button"
        className={STEP}
        aria-label="Previous day"
        data-testid="day-previous"
        onClick={() => onChange(addDays(value, -1))}
      >
        <ChevronLeft className="size-4" />
      </button>
      <input
        type="date"
        aria-label="Day"
        data-testid="day-input"
        value={value}
        max={today}
        onChange={(e) => e.target.value && onChange(e.target.value)}
        className="h-9 rounded-md border border-border bg-panel px-2.5 text-sm text-fg shadow-sm outline-none focus:border-accent focus:ring-2 focus:ring-accent/20 dark:[color-scheme:dark]"
      />
      <button
        type="button"
        className={STEP}
        aria-label="Next day"
        data-testid="day-next"
        disabled={value >= today}
        onClick={() => onChange(addDays(value, 1))}
      >
        <ChevronRight className="size-4" />
      </button>
      {label ? <span className="ml-1 text-xs text-muted">{label}</span> : null}
    </div>
  );
}
