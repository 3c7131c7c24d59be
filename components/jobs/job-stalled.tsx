// The job page's notice on a stalled job: how long it has been silent and, for members and up, "Mark abandoned".
// The job is stalled, not necessarily its agent: the agent's page says whether the agent is alive.
import { Hourglass } from "lucide-react";
import Link from "next/link";
import { compactDuration } from "@/lib/agents/format";
import { defaultAbandonNote } from "@/lib/jobs/abandon-reason";
import type { JobDetail } from "@/lib/jobs/schemas";
import { AbandonJob } from "./abandon-job";

export function JobStalled({ job, now, who }: { job: JobDetail; now: number; who: string | null }) {
  const quietMs = now - Date.parse(job.last_event_at);
  return (
    <div
      className="flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50/60 px-4 py-3 text-sm dark:border-amber-800 dark:bg-amber-950/30"
      data-testid="job-stalled"
    >
      <Hourglass className="size-4 shrink-0 text-amber-600" />
      <p className="min-w-0 flex-1">
        Stalled: no event for <span className="font-medium">{compactDuration(quietMs)}</span>.{" "}
        {job.agent ? (
          <span className="text-muted">
            Whether{" "}
            <Link href={`/agents/${encodeURIComponent(job.agent)}`} className="text-accent hover:underline">
              {job.agent}
            </Link>{" "}
            is alive is on its page.
          </span>
        ) : null}
      </p>
      {who ? (
        <AbandonJob
          jobId={job.id}
          label={job.title ?? job.external_id}
          who={who}
          defaultNote={defaultAbandonNote(quietMs)}
        />
      ) : null}
    </div>
  );
}
