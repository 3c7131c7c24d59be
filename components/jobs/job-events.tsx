import { Card, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import type { JobDetail } from "@/lib/jobs/schemas";

const TYPE_COLOR: Record<string, string> = {
  "job.started": "text-sky-600 dark:text-sky-400",
  "job.completed": "text-emerald-600 dark:text-emerald-400",
  "job.failed": "text-red-600 dark:text-red-400",
  "job.cancelled": "text-zinc-500",
};

/** The job's events in order, data shown as text (runner input is untrusted). */
export function JobEvents({ job }: { job: JobDetail }) {
  return (
    <Card>
      <CardHeader
        title="Events"
        description={`${job.event_count} event${job.event_count === 1 ? "" : "s"}${job.events_truncated ? `, first ${job.events.length} shown` : ""}`}
      />
      <ol className="divide-y divide-border" data-testid="job-events">
        {job.events.map((e) => (
          <li key={e.id} className="grid grid-cols-[11rem_9rem_1fr] gap-4 px-5 py-3" data-testid="job-event">
            <time dateTime={e.time} className="font-mono text-xs text-muted tabular-nums">
              {formatDateTime(e.time, "UTC")} UTC
            </time>
            <span className={`font-mono text-xs font-medium ${TYPE_COLOR[e.type] ?? ""}`}>{e.type}</span>
            <pre className="overflow-x-auto font-mono text-[11px] leading-relaxed text-muted whitespace-pre-wrap break-all">
              {Object.keys(e.data).length ? JSON.stringify(e.data, null, 2) : "{}"}
            </pre>
          </li>
        ))}
      </ol>
    </Card>
  );
}
