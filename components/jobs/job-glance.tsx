// The job's cost, duration and tokens at a glance, under its title.
import { formatCost, formatDuration, formatNumber } from "@/lib/format";
import type { JobDetail } from "@/lib/jobs/schemas";
import { tokenBreakdown, totalTokens } from "./job-facts";

export function JobGlance({ job }: { job: JobDetail }) {
  const tokens = totalTokens(job.tokens);
  const unpriced = job.unpriced_usage_events;
  return (
    <dl className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-sm" data-testid="job-glance">
      <div className="flex gap-1.5">
        <dt className="text-muted">Cost</dt>
        <dd className="tabular-nums" data-testid="glance-cost">
          {job.cost_usd == null ? (unpriced > 0 ? "Unknown" : "—") : formatCost(job.cost_usd)}
          {unpriced > 0 ? (
            <span className="ml-1 text-xs text-amber-700 dark:text-amber-400">+ {unpriced} unpriced</span>
          ) : null}
        </dd>
      </div>
      <div className="flex gap-1.5">
        <dt className="text-muted">Duration</dt>
        <dd className="tabular-nums" data-testid="glance-duration">
          {formatDuration(job.duration_ms)}
        </dd>
      </div>
      <div className="flex gap-1.5">
        <dt className="text-muted">Tokens</dt>
        <dd className="tabular-nums" data-testid="glance-tokens" title={tokenBreakdown(job.tokens)}>
          {tokens > 0 ? formatNumber(tokens) : "—"}
        </dd>
      </div>
    </dl>
  );
}
