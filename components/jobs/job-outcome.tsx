import { ExternalLink, OctagonX } from "lucide-react";
import { Markdown } from "@/components/transcripts/markdown";
import { Card } from "@/components/ui/card";
import { Expandable } from "@/components/ui/expandable";
import type { JobDetail } from "@/lib/jobs/schemas";

/** The failure (error and stack) or the result (summary and artifacts) of a finished job. */
export function JobOutcome({ job }: { job: JobDetail }) {
  if (job.status === "failed" && job.error) {
    const e = job.error as {
      type?: string;
      message?: string;
      code?: string | number;
      exit_code?: number;
      stack?: string;
    };
    return (
      <Card className="border-red-200 p-5 dark:border-red-900" data-testid="job-error">
        <div className="flex items-start gap-3">
          <OctagonX className="mt-0.5 size-5 shrink-0 text-red-600" />
          <div className="min-w-0 flex-1">
            <p className="font-semibold text-red-700 dark:text-red-300">{e.type ?? "Job failed"}</p>
            <p className="mt-1 font-mono text-xs break-words whitespace-pre-wrap">{e.message}</p>
            <p className="mt-2 flex flex-wrap gap-4 text-xs text-muted">
              {e.code != null ? <span>code {String(e.code)}</span> : null}
              {e.exit_code != null ? <span>exit code {e.exit_code}</span> : null}
              {job.retryable != null ? <span>{job.retryable ? "retryable" : "not retryable"}</span> : null}
              {job.failure_issue_id ? (
                <a
                  href={`/failures/${job.failure_issue_id}`}
                  className="text-accent hover:underline"
                  data-testid="job-issue-link"
                >
                  {job.failure_class} issue
                </a>
              ) : null}
            </p>
            {e.stack ? (
              <details className="mt-3">
                <summary className="cursor-pointer text-xs text-muted">Stack trace</summary>
                <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-subtle p-3 font-mono text-[11px]">
                  {e.stack}
                </pre>
              </details>
            ) : null}
          </div>
        </div>
      </Card>
    );
  }
  if (job.status === "cancelled") {
    return (
      <Card className="p-5 text-sm" data-testid="job-cancelled">
        Cancelled{job.cancel_reason ? `: ${job.cancel_reason}` : "."}
      </Card>
    );
  }
  if (!job.summary && !job.artifacts?.length) return null;
  return (
    <Card className="p-5" data-testid="job-summary">
      {job.summary ? (
        <Expandable long={job.summary.length > 400 || job.summary.split("\n").length > 6}>
          <Markdown text={job.summary} />
        </Expandable>
      ) : null}
      {job.artifacts?.length ? (
        <ul className="mt-3 flex flex-wrap gap-2">
          {job.artifacts.map((a, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: artifacts have no id and never reorder
              key={i}
              className="inline-flex items-center gap-1 rounded-md border border-border px-2 py-1 text-xs"
            >
              <span className="font-medium uppercase text-muted">{a.kind}</span>
              {a.url && /^https?:\/\//.test(a.url) ? (
                <a
                  href={a.url}
                  target="_blank"
                  rel="noreferrer noopener"
                  className="inline-flex items-center gap-1 hover:text-accent"
                >
                  {a.title ?? a.url} <ExternalLink className="size-3" />
                </a>
              ) : (
                <span>{a.title ?? a.url}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
