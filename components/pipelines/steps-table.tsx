// A pipeline's steps: attempts, success rate (with a bar), cost and cost per run, and send-backs of reviews.
import Link from "next/link";
import { cn } from "@/lib/cn";
import { formatCost, formatNumber } from "@/lib/format";
import { isReviewStep } from "@/lib/pipelines/compute";
import type { PipelineView } from "@/lib/pipelines/schemas";

export const percent = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);
const TH = "px-3 py-2 font-medium whitespace-nowrap first:pl-4 last:pr-4 sm:first:pl-5 sm:last:pr-5";
const TD = "px-3 py-2 whitespace-nowrap first:pl-4 last:pr-4 sm:first:pl-5 sm:last:pr-5";

export function StepsTable({
  steps,
  jobsHref,
}: {
  steps: PipelineView["steps"];
  jobsHref: (step?: string) => string;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="pipeline-steps">
        <thead className="bg-subtle/60 text-xs text-muted">
          <tr>
            <th className={TH}>Step</th>
            <th className={cn(TH, "text-right")}>Jobs</th>
            <th className={TH}>Succeeded</th>
            <th className={cn(TH, "text-right")}>Cost</th>
            <th className={cn(TH, "text-right")}>Per run</th>
            <th className={cn(TH, "text-right")}>Sent back</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {steps.map((s) => (
            <tr key={s.step} data-testid="pipeline-step">
              <td className={TD}>
                <Link
                  href={jobsHref(s.step)}
                  className="font-mono text-xs hover:text-accent"
                  data-testid="pipeline-step-link"
                >
                  {s.step}
                </Link>
              </td>
              <td className={cn(TD, "text-right tabular-nums")}>{formatNumber(s.jobs)}</td>
              <td className={TD}>
                <span className="flex items-center gap-2">
                  <span className="h-1.5 w-16 overflow-hidden rounded-full bg-subtle" aria-hidden>
                    <span
                      className="block h-full rounded-full bg-emerald-500"
                      style={{ width: `${Math.round((s.success_rate ?? 0) * 100)}%` }}
                    />
                  </span>
                  <span className="tabular-nums" data-testid="step-success">
                    {percent(s.success_rate)}
                  </span>
                  {s.failed ? (
                    <span className="text-xs text-red-600 dark:text-red-400">{s.failed} failed</span>
                  ) : null}
                </span>
              </td>
              <td className={cn(TD, "text-right tabular-nums")}>{formatCost(s.cost_usd)}</td>
              <td className={cn(TD, "text-right tabular-nums")}>{formatCost(s.cost_per_run)}</td>
              <td className={cn(TD, "text-right tabular-nums")} data-testid="step-sent-back">
                {isReviewStep(s.step) ? formatNumber(s.sent_back) : <span className="text-muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
