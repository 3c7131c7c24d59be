"use client";
// The agent page's stalled jobs: each running job of the agent with no event past the stall time, how long it
// has been silent, and (members and up) "Mark abandoned". The agent itself may be alive: its status says so.
import Link from "next/link";
import { AbandonJob } from "@/components/jobs/abandon-job";
import { Card, CardHeader } from "@/components/ui/card";
import { compactDuration, stalledJobsLabel } from "@/lib/agents/format";
import type { AgentDetail } from "@/lib/agents/schemas";
import { defaultAbandonNote } from "@/lib/jobs/abandon-reason";

export function StalledJobs({
  detail,
  who,
  onAbandoned,
}: {
  detail: AgentDetail;
  who: string | null;
  onAbandoned: () => void;
}) {
  const now = Date.parse(detail.now);
  const n = detail.agent.stalled_jobs;
  return (
    <Card className="border-amber-300 dark:border-amber-800" data-testid="agent-stalled-jobs">
      <CardHeader
        title={stalledJobsLabel(n)}
        description={`Running, with no event for more than ${detail.settings.stall_after_seconds / 60} min. Mark one abandoned when its runner is gone.`}
      />
      <ul className="divide-y divide-border">
        {detail.stalled.map((j) => {
          const quietMs = now - Date.parse(j.last_event_at);
          return (
            <li
              key={j.id}
              className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3 text-sm"
              data-testid="stalled-job"
            >
              <div className="min-w-0 flex-1">
                <Link href={`/jobs/${j.id}`} className="block truncate font-medium hover:text-accent">
                  {j.title ?? j.external_id}
                </Link>
                <span className="text-xs text-amber-700 dark:text-amber-400">
                  no event for {compactDuration(quietMs)}
                </span>
              </div>
              {who ? (
                <AbandonJob
                  jobId={j.id}
                  label={j.title ?? j.external_id}
                  who={who}
                  defaultNote={defaultAbandonNote(quietMs)}
                  onDone={onAbandoned}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      {n > detail.stalled.length ? (
        <p className="px-5 pb-3 text-xs text-muted">
          The {detail.stalled.length} quietest shown;{" "}
          <Link
            href={`/jobs?agent=${encodeURIComponent(detail.agent.name)}&status=stalled&range=all`}
            className="text-accent hover:underline"
          >
            all {n}
          </Link>
          .
        </p>
      ) : null}
    </Card>
  );
}
