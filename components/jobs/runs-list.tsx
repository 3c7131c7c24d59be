"use client";
// The jobs page in runs mode: one row per run (its root job) with the run's rolled-up status, job count,
// duration, tokens and cost; a row opens in place to show the run's jobs as a tree.
import { ChevronRight, Clock } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import { formatCost, formatDuration, formatNumber } from "@/lib/format";
import type { RunSummary } from "@/lib/runs-list/schemas";
import { RunBadges } from "./run-badges";
import { RunJobs } from "./run-jobs";
import { StatusBadge } from "./status-badge";

function RunRow({ run, project }: { run: RunSummary; project: string }) {
  const [open, setOpen] = useState(false);
  const root = run.root;
  const title = root.title ?? root.external_id;
  return (
    <li data-testid="run-row" data-run={root.external_id}>
      <div className="flex items-start gap-2 px-2 py-2.5 sm:gap-3 sm:px-4">
        <button
          type="button"
          aria-expanded={open}
          aria-label={open ? `Collapse ${title}` : `Expand ${title}: ${run.jobs} jobs`}
          data-testid="run-expand"
          onClick={() => setOpen(!open)}
          className="mt-0.5 rounded p-0.5 text-muted hover:bg-subtle hover:text-fg"
        >
          <ChevronRight className={cn("size-4 transition-transform", open && "rotate-90")} />
        </button>
        <div className="min-w-0 flex-1">
          <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
            <StatusBadge status={run.status} />
            <Link
              href={`/jobs/${root.id}`}
              className="min-w-0 truncate font-medium hover:text-accent"
              title={title}
              data-testid="run-link"
            >
              {title}
            </Link>
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs text-muted">
            {root.agent ? <span className="text-fg">{root.agent}</span> : null}
            <span data-testid="run-job-count">
              {formatNumber(run.jobs)} job{run.jobs === 1 ? "" : "s"}
              {run.failures ? (
                <span className="text-red-600 dark:text-red-400"> · {run.failures} failed</span>
              ) : null}
            </span>
            <RelativeTime iso={run.started_at} />
            <span className="tabular-nums">{formatNumber(run.tokens)} tokens</span>
            <RunBadges job={root} />
          </div>
        </div>
        <div className="shrink-0 text-right text-sm tabular-nums">
          <span className="block font-medium" data-testid="run-cost">
            {formatCost(run.cost_usd)}
          </span>
          <span className="inline-flex items-center gap-1 text-xs text-muted">
            <Clock className="size-3" aria-hidden />
            {run.duration_ms === null ? "running" : formatDuration(run.duration_ms)}
          </span>
        </div>
      </div>
      {open ? <RunJobs project={project} rootId={root.id} jobCount={run.jobs} /> : null}
    </li>
  );
}

export function RunsList({ runs, project }: { runs: RunSummary[]; project: string }) {
  return (
    <ul
      className="divide-y divide-border rounded-lg border border-border bg-panel shadow-sm"
      data-testid="runs-list"
    >
      {runs.map((run) => (
        <RunRow key={run.root.id} run={run} project={project} />
      ))}
    </ul>
  );
}
