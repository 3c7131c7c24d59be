"use client";
// Jobs | Runs: every job, or only roots with their runs rolled up (the URL's ?view=).
import { cn } from "@/lib/cn";
import { JOB_VIEWS, type JobView } from "@/lib/jobs/schemas";

const LABELS: Record<JobView, string> = { jobs: "Jobs", runs: "Runs" };

export function ViewToggle({ value, onChange }: { value: JobView; onChange: (view: JobView) => void }) {
  return (
    <fieldset
      className="inline-flex h-9 items-center rounded-md border border-border bg-panel p-0.5 shadow-sm"
      data-testid="view-toggle"
    >
      <legend className="sr-only">List jobs or runs</legend>
      {JOB_VIEWS.map((v) => (
        <button
          key={v}
          type="button"
          aria-pressed={value === v}
          data-testid={`view-${v}`}
          onClick={() => onChange(v)}
          className={cn(
            "h-full rounded px-3 text-sm font-medium transition",
            value === v ? "bg-accent/10 text-fg" : "text-muted hover:text-fg",
          )}
        >
          {LABELS[v]}
        </button>
      ))}
    </fieldset>
  );
}
