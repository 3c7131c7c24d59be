"use client";
import { JOBS_SPEND } from "@/lib/costs/definitions";
import { groupLabel } from "@/lib/costs/prepare";
import type { CostJobsReport, OutcomeRow } from "@/lib/costs/schemas";
import { formatCost, formatNumber } from "@/lib/format";
import { useShowMore } from "./show-more";

function Wasted({ r }: { r: Omit<OutcomeRow, "key"> }) {
  return (
    <span
      title={`failed ${formatCost(r.failed_usd)} · cancelled ${formatCost(r.cancelled_usd)} · retries ${formatCost(r.retry_usd)}`}
    >
      {formatCost(r.wasted_usd)}
      {r.cost_usd > 0 ? (
        <span className="ml-1 text-xs text-muted">({Math.round((r.wasted_usd / r.cost_usd) * 100)}%)</span>
      ) : null}
    </span>
  );
}

/**
 * What a successful job cost, and what was wasted, per model or agent. Wasted: spend of failed and cancelled jobs,
 * plus retries (trigger "retry" or a retry_of label) that did not fail.
 */
export function OutcomesTable({ report, by }: { report: CostJobsReport; by: "model" | "agent" }) {
  const [rows, more] = useShowMore(by === "model" ? report.by_model : report.by_agent, 10);
  if (rows.length === 0)
    return <p className="px-5 py-10 text-center text-sm text-muted">No job started in this range.</p>;
  const t = report.totals;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid={`outcomes-${by}`}>
        <thead className="text-left text-xs text-muted">
          <tr className="border-b border-border">
            <th className="px-4 py-2 font-medium">{by === "model" ? "Model" : "Agent"}</th>
            <th className="px-2 py-2 text-right font-medium">Jobs</th>
            <th className="px-2 py-2 text-right font-medium" title="succeeded / failed / cancelled">
              OK / failed / cancelled
            </th>
            <th className="px-2 py-2 text-right font-medium" title={JOBS_SPEND}>
              Job spend
            </th>
            <th className="px-2 py-2 text-right font-medium" title="Spend of succeeded jobs / succeeded jobs">
              Per successful job
            </th>
            <th className="px-2 py-2 text-right font-medium" title="Spend of every job / succeeded jobs">
              All-in per success
            </th>
            <th
              className="px-4 py-2 text-right font-medium"
              title="Failed and cancelled jobs, plus retries that did not fail"
            >
              Wasted
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {rows.map((r) => (
            <tr key={r.key} data-testid="outcome-row">
              <td className="max-w-56 truncate px-4 py-1.5 font-mono text-xs">{groupLabel(r.key)}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatNumber(r.jobs)}</td>
              <td className="px-2 py-1.5 text-right text-xs tabular-nums">
                <span className="text-emerald-600">{r.succeeded}</span> /{" "}
                <span className="text-red-600">{r.failed}</span> /{" "}
                <span className="text-muted">{r.cancelled}</span>
              </td>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatCost(r.cost_usd)}</td>
              <td className="px-2 py-1.5 text-right tabular-nums" data-testid="cost-per-success">
                {formatCost(r.cost_per_success_usd)}
              </td>
              <td className="px-2 py-1.5 text-right tabular-nums">
                {formatCost(r.all_in_cost_per_success_usd)}
              </td>
              <td className="px-4 py-1.5 text-right tabular-nums" data-testid="wasted">
                <Wasted r={r} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-border text-xs font-medium">
          <tr data-testid="outcome-total">
            <td className="px-4 py-2">All</td>
            <td className="px-2 py-2 text-right tabular-nums">{formatNumber(t.jobs)}</td>
            <td className="px-2 py-2 text-right tabular-nums">
              {t.succeeded} / {t.failed} / {t.cancelled}
            </td>
            <td className="px-2 py-2 text-right tabular-nums">{formatCost(t.cost_usd)}</td>
            <td className="px-2 py-2 text-right tabular-nums">{formatCost(t.cost_per_success_usd)}</td>
            <td className="px-2 py-2 text-right tabular-nums">{formatCost(t.all_in_cost_per_success_usd)}</td>
            <td className="px-4 py-2 text-right tabular-nums">
              <Wasted r={t} />
            </td>
          </tr>
        </tfoot>
      </table>
      {more}
    </div>
  );
}
