// Where a job sits in its run, under its title: its parent (and the Task call there that started it), how many
// children it has, and for a retry "attempt 2 of 3" with the previous and next attempts.
import { ChevronLeft, ChevronRight, CornerLeftUp, GitFork, Wrench } from "lucide-react";
import Link from "next/link";
import type { SpawnLinks } from "@/lib/runs/queries";
import type { Run } from "@/lib/runs/schemas";

const jobHref = (id: string) => `/jobs/${encodeURIComponent(id)}`;

export function RunLinks({
  jobExternalId,
  parentJob,
  run,
  parent,
  startedBy,
}: {
  jobExternalId: string;
  parentJob: string | null;
  run: Run | null;
  parent: SpawnLinks["parent"];
  startedBy: SpawnLinks["startedBy"];
}) {
  const self = run?.nodes.find((n) => n.external_id === jobExternalId);
  const children = run?.nodes.filter((n) => n.parent_external_id === jobExternalId).length ?? 0;
  const attempt = self?.attempt ?? null;
  if (!parentJob && children === 0 && !attempt) return null;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" data-testid="run-links">
      {parentJob ? (
        <span className="inline-flex min-w-0 items-center gap-1">
          <CornerLeftUp className="size-3.5 text-muted" />
          <span className="text-muted">Parent:</span>
          {parent?.id ? (
            <Link
              href={jobHref(parent.id)}
              className="truncate text-accent hover:underline"
              data-testid="parent-link"
            >
              {parent.title ?? parentJob}
            </Link>
          ) : (
            <span className="truncate font-mono text-xs" title="No job with this id is reported yet">
              {parentJob} (not reported yet)
            </span>
          )}
        </span>
      ) : null}
      {startedBy ? (
        <Link
          href={`${jobHref(startedBy.job_id)}#entry-${encodeURIComponent(startedBy.entry_id)}`}
          className="inline-flex items-center gap-1 text-accent hover:underline"
          data-testid="started-by-call"
        >
          <Wrench className="size-3.5" /> the Task call that started it
        </Link>
      ) : null}
      {children > 0 ? (
        <a
          href="#run"
          className="inline-flex items-center gap-1 hover:text-accent"
          data-testid="children-link"
        >
          <GitFork className="size-3.5 text-muted" />
          <span className="text-muted">Children:</span> {children}
        </a>
      ) : null}
      {attempt ? (
        <span className="inline-flex items-center gap-2" data-testid="attempt-nav">
          {attempt.previous ? (
            <Link
              href={jobHref(attempt.previous.id)}
              aria-label="Previous attempt"
              className="inline-flex items-center text-muted hover:text-accent"
              data-testid="attempt-previous"
            >
              <ChevronLeft className="size-4" /> previous
            </Link>
          ) : null}
          <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300">
            attempt {attempt.n} of {attempt.of}
          </span>
          {attempt.next ? (
            <Link
              href={jobHref(attempt.next.id)}
              aria-label="Next attempt"
              className="inline-flex items-center text-muted hover:text-accent"
              data-testid="attempt-next"
            >
              next <ChevronRight className="size-4" />
            </Link>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
