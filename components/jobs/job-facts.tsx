import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import { formatDateTime, formatDuration, formatNumber } from "@/lib/format";
import type { JobDetail } from "@/lib/jobs/schemas";
import { JobCost } from "./job-cost";

function Fact({ label, children, wrap = false }: { label: string; children: ReactNode; wrap?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd
        className={wrap ? "mt-0.5 text-sm" : "mt-0.5 truncate text-sm"}
        data-testid={`fact-${label.toLowerCase().replaceAll(" ", "-")}`}
      >
        {children ?? <span className="text-muted">—</span>}
      </dd>
    </div>
  );
}

type Tokens = JobDetail["tokens"];

/** Every token the job's model calls used: input, output, cache reads and cache writes. */
export function totalTokens(t: Tokens): number {
  return t.input + t.output + t.cache_read + t.cache_write;
}

export function tokenBreakdown(t: Tokens): string {
  return `${formatNumber(t.input)} in · ${formatNumber(t.output)} out · ${formatNumber(t.cache_read)} cache read · ${formatNumber(t.cache_write)} cache write`;
}

/** The job's facts; `parentId` (the parent's Fleetwatch id when reported) and `childCount` come from its run. */
export function JobFacts({
  job,
  parentId = null,
  childCount = 0,
}: {
  job: JobDetail;
  parentId?: string | null;
  childCount?: number;
}) {
  const labels = job.labels
    ? Array.isArray(job.labels)
      ? job.labels.join(", ")
      : Object.entries(job.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")
    : null;
  return (
    <Card className="p-5">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-4 md:grid-cols-4">
        <Fact label="Agent">{job.agent}</Fact>
        <Fact label="Harness">
          {job.harness ? `${job.harness} ${job.harness_version ?? ""}`.trim() : null}
        </Fact>
        <Fact label="Model">{job.model ? <span className="font-mono text-xs">{job.model}</span> : null}</Fact>
        <Fact label="Trigger">{job.trigger}</Fact>
        <Fact label="Started">
          {job.started_at ? (
            <span title={formatDateTime(job.started_at)}>
              <RelativeTime iso={job.started_at} />
            </span>
          ) : null}
        </Fact>
        <Fact label="Ended">{job.ended_at ? <RelativeTime iso={job.ended_at} /> : null}</Fact>
        <Fact label="Duration">{formatDuration(job.duration_ms)}</Fact>
        <Fact label="Last event">
          <RelativeTime iso={job.last_event_at} />
        </Fact>
        <Fact label="Repository">
          {job.repo ? `${job.repo}${job.branch ? ` @ ${job.branch}` : ""}` : null}
        </Fact>
        <Fact label="Parent job">
          {job.parent_job && parentId ? (
            <Link href={`/jobs/${encodeURIComponent(parentId)}`} className="text-accent hover:underline">
              {job.parent_job}
            </Link>
          ) : job.parent_job ? (
            `${job.parent_job} (not reported yet)`
          ) : null}
        </Fact>
        {childCount > 0 ? (
          <Fact label="Children">
            <a href="#run" className="text-accent hover:underline">
              {formatNumber(childCount)}
            </a>
          </Fact>
        ) : null}
        <Fact label="Tokens" wrap>
          {totalTokens(job.tokens) > 0 ? (
            <span title={tokenBreakdown(job.tokens)}>
              {formatNumber(totalTokens(job.tokens))}
              <span className="block text-xs text-muted">
                {formatNumber(job.tokens.input)} in · {formatNumber(job.tokens.output)} out
              </span>
              <span className="block text-xs text-muted">
                {formatNumber(job.tokens.cache_read)} cache read · {formatNumber(job.tokens.cache_write)}{" "}
                cache write
              </span>
            </span>
          ) : null}
        </Fact>
        <Fact label="Cost" wrap>
          <JobCost job={job} />
        </Fact>
        {labels ? <Fact label="Labels">{labels}</Fact> : null}
      </dl>
    </Card>
  );
}
