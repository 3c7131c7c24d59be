// Where a job sits in its run, as small badges under its title: its step, the schedule that started it, "retry 2"
// on a retry (linking the attempt it retries) and "child of …" on a child job (linking its parent).
import { CalendarClock, CornerDownRight, RotateCcw } from "lucide-react";
import Link from "next/link";
import type { JobSummary } from "@/lib/jobs/schemas";

const BADGE = "inline-flex max-w-full items-center gap-1 rounded px-1.5 py-px text-[11px] leading-4";

export function RunBadges({
  job,
  showParent = true,
}: {
  job: Pick<JobSummary, "step" | "retry_of" | "attempt" | "parent_job" | "schedule">;
  /** false inside an expanded run, where the indent already shows the parent */
  showParent?: boolean;
}) {
  const parent = showParent ? job.parent_job : null;
  if (!job.step && !job.retry_of && !parent && !job.schedule) return null;
  return (
    <span className="mt-1 flex flex-wrap items-center gap-1" data-testid="run-badges">
      {job.step ? (
        <span className={`${BADGE} bg-subtle font-mono text-fg`} data-testid="badge-step">
          {job.step}
        </span>
      ) : null}
      {job.schedule ? (
        <span
          className={`${BADGE} bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300`}
          title="Started by this schedule"
          data-testid="badge-schedule"
        >
          <CalendarClock className="size-3" aria-hidden />
          <span className="truncate">{job.schedule}</span>
        </span>
      ) : null}
      {job.retry_of ? (
        <Link
          href={`/jobs/${encodeURIComponent(job.retry_of)}`}
          className={`${BADGE} bg-amber-100 text-amber-800 hover:underline dark:bg-amber-950 dark:text-amber-300`}
          title={`Retries ${job.retry_of}`}
          data-testid="badge-retry"
        >
          <RotateCcw className="size-3" aria-hidden />
          retry {job.attempt ?? 2}
        </Link>
      ) : null}
      {parent ? (
        <Link
          href={`/jobs/${encodeURIComponent(parent)}`}
          className={`${BADGE} bg-sky-100 text-sky-800 hover:underline dark:bg-sky-950 dark:text-sky-300`}
          title={`Started by ${parent}`}
          data-testid="badge-child"
        >
          <CornerDownRight className="size-3" aria-hidden />
          <span className="truncate">child of {parent}</span>
        </Link>
      ) : null}
    </span>
  );
}
