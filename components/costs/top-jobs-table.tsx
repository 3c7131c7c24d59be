import Link from "next/link";
import { StatusBadge } from "@/components/jobs/status-badge";
import type { CostJob } from "@/lib/costs/schemas";
import { formatCost, formatDateTime } from "@/lib/format";

/** The costliest jobs started in the range. */
export function TopJobsTable({ jobs }: { jobs: CostJob[] }) {
  if (jobs.length === 0)
    return (
      <p className="px-5 py-10 text-center text-sm text-muted">No job with usage started in this range.</p>
    );
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="top-jobs">
        <thead className="text-left text-xs text-muted">
          <tr className="border-b border-border">
            <th className="px-4 py-2 font-medium">Job</th>
            <th className="px-2 py-2 font-medium">Status</th>
            <th className="px-2 py-2 font-medium">Agent</th>
            <th className="px-2 py-2 font-medium">Model</th>
            <th className="px-2 py-2 font-medium">Started</th>
            <th className="px-4 py-2 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {jobs.map((j) => (
            <tr key={j.id} data-testid="top-job-row">
              <td className="max-w-72 truncate px-4 py-1.5">
                <Link
                  href={`/jobs/${encodeURIComponent(j.id)}`}
                  className="text-accent hover:underline"
                  title={j.title ?? j.external_id}
                >
                  {j.title ?? j.external_id}
                </Link>
                {j.retry ? (
                  <span className="ml-1.5 rounded bg-subtle px-1 py-0.5 text-[10px] text-muted">retry</span>
                ) : null}
              </td>
              <td className="px-2 py-1.5">
                <StatusBadge status={j.status} />
              </td>
              <td className="px-2 py-1.5 font-mono text-xs">{j.agent ?? "—"}</td>
              <td className="px-2 py-1.5 font-mono text-xs">{j.model ?? "—"}</td>
              <td className="px-2 py-1.5 text-xs text-muted">{formatDateTime(j.started_at)}</td>
              <td className="px-4 py-1.5 text-right tabular-nums" data-testid="top-job-cost">
                {formatCost(j.cost_usd)}
                {j.unpriced_usage_events ? (
                  <span
                    className="ml-1 text-amber-600"
                    title={`${j.unpriced_usage_events} usage events without a price: the cost is a lower bound`}
                  >
                    +?
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
