// One pipeline: its steps in order, its runs and what they cost, each step's success and cost, how often a
// review sent work back, and where its runs failed. A step links to the jobs list filtered by step and pipeline.
import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatCost, formatNumber } from "@/lib/format";
import type { PipelineView } from "@/lib/pipelines/schemas";
import { percent, StepsTable } from "./steps-table";

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="min-w-24">
      <div className="text-xs text-muted">{label}</div>
      <div className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

export function PipelineCard({
  pipeline,
  jobsHref,
}: {
  pipeline: PipelineView;
  jobsHref: (step?: string) => string;
}) {
  const ended = pipeline.runs - pipeline.runs_by_status.running;
  return (
    <Card data-testid="pipeline" data-key={pipeline.key}>
      <div className="border-b border-border px-4 py-3 sm:px-5">
        <ol className="flex flex-wrap items-center gap-1.5" aria-label="Steps">
          {pipeline.steps.map((s, i) => (
            <li key={s.step} className="flex items-center gap-1.5">
              {i > 0 ? <ArrowRight className="size-3.5 text-muted" aria-hidden /> : null}
              <Link
                href={jobsHref(s.step)}
                className="rounded-md bg-subtle px-2 py-0.5 font-mono text-xs hover:text-accent"
                data-testid="pipeline-step-chip"
              >
                {s.step}
              </Link>
            </li>
          ))}
        </ol>
        <div className="mt-3 flex flex-wrap gap-x-8 gap-y-2">
          <Figure label="Runs" value={formatNumber(pipeline.runs)} testId="pipeline-runs" />
          <Figure
            label="Runs succeeded"
            value={ended ? percent(pipeline.runs_by_status.succeeded / ended) : "—"}
            testId="pipeline-success"
          />
          <Figure label="Cost" value={formatCost(pipeline.cost_usd)} />
          <Figure
            label="Per successful run"
            value={formatCost(pipeline.cost_per_successful_run)}
            testId="pipeline-cost-per-success"
          />
          <Figure label="Sent back" value={percent(pipeline.send_back_rate)} testId="pipeline-send-back" />
        </div>
      </div>
      <StepsTable steps={pipeline.steps} jobsHref={jobsHref} />
      <div className="border-t border-border px-4 py-3 text-sm sm:px-5" data-testid="pipeline-failures">
        <h3 className="text-xs font-medium text-muted">Where runs fail</h3>
        {pipeline.failures.length === 0 ? (
          <p className="mt-1 text-muted">No run of this pipeline failed in the range.</p>
        ) : (
          <ul className="mt-1.5 flex flex-wrap gap-2">
            {pipeline.failures.map((f) => (
              <li
                key={`${f.step}:${f.failure_class}`}
                className="rounded-md bg-red-50 px-2 py-1 text-xs text-red-800 dark:bg-red-950 dark:text-red-300"
              >
                <span className="font-mono">{f.step ?? "(no step)"}</span> · {f.failure_class} · {f.runs} run
                {f.runs === 1 ? "" : "s"}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="border-t border-border px-4 py-2 text-xs sm:px-5">
        <Link href={jobsHref()} className="text-accent hover:underline">
          All jobs of this pipeline
        </Link>
      </div>
    </Card>
  );
}
