// A job's cost as the operator needs it: what it cost, and, when the runner's figure and the price table's
// disagree, both of them; usage with no price is called out, never shown as free.
import { formatCost } from "@/lib/format";
import type { JobDetail } from "@/lib/jobs/schemas";

type Props = {
  job: Pick<JobDetail, "cost_usd" | "reported_cost_usd" | "computed_cost_usd" | "unpriced_usage_events">;
};

/** True when the two figures differ by more than a cent's hundredth and 1%. */
export function costsDiffer(reported: number | null, computed: number | null) {
  if (reported == null || computed == null) return false;
  const diff = Math.abs(reported - computed);
  return diff > 0.0001 && diff > 0.01 * Math.max(reported, computed);
}

export function JobCost({ job }: Props) {
  const { cost_usd: cost, reported_cost_usd: reported, computed_cost_usd: computed } = job;
  const unpriced = job.unpriced_usage_events;
  if (cost == null && unpriced === 0) return null;
  return (
    <span className="inline-flex flex-col gap-0.5" data-testid="job-cost">
      <span className="tabular-nums">{cost == null ? "Unknown" : formatCost(cost)}</span>
      {costsDiffer(reported, computed) ? (
        <span className="text-xs text-muted" data-testid="job-cost-both">
          Runner reported {formatCost(reported)} · price table {formatCost(computed)}
        </span>
      ) : null}
      {unpriced > 0 ? (
        <span className="text-xs text-amber-700 dark:text-amber-400" data-testid="job-cost-unpriced">
          {unpriced} usage event{unpriced === 1 ? "" : "s"} without a price (not counted)
        </span>
      ) : null}
    </span>
  );
}
