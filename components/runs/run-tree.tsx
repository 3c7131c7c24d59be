// A run as a tree: the root, children, sub-agents and retries, each node with its agent, model, step, status,
// duration and cost and the roll-up of its subtree; the current job highlighted; each node opens its job.
import Link from "next/link";
import type { ReactNode } from "react";
import { StatusBadge } from "@/components/jobs/status-badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import { formatCost, formatDuration, formatNumber } from "@/lib/format";
import type { Rollup, Run, RunNode } from "@/lib/runs/schemas";

const jobHref = (id: string) => `/jobs/${encodeURIComponent(id)}`;
const tokensOf = (r: Rollup) => r.tokens.input + r.tokens.output + r.tokens.cache_read + r.tokens.cache_write;

export function RollupLine({ rollup, testId }: { rollup: Rollup; testId?: string }) {
  return (
    <span className="tabular-nums" data-testid={testId}>
      {formatCost(rollup.cost_usd)} · {formatNumber(tokensOf(rollup))} tok · {formatNumber(rollup.jobs)}{" "}
      {rollup.jobs === 1 ? "job" : "jobs"}
      {rollup.failures > 0 ? (
        <span className="text-red-700 dark:text-red-400"> · {formatNumber(rollup.failures)} failed</span>
      ) : null}
      {rollup.running > 0 ? (
        <span className="text-sky-700 dark:text-sky-400"> · {formatNumber(rollup.running)} running</span>
      ) : null}
    </span>
  );
}

function Chip({ children, tone }: { children: ReactNode; tone?: string }) {
  return (
    <span
      className={cn("shrink-0 rounded bg-subtle px-1.5 py-0.5 font-mono text-[11px]", tone ?? "text-muted")}
    >
      {children}
    </span>
  );
}

function NodeRow({ node, current }: { node: RunNode; current: boolean }) {
  const label = node.title ?? node.external_id;
  return (
    <li
      data-testid="run-node"
      data-job={node.external_id}
      data-current={current || undefined}
      aria-current={current ? "true" : undefined}
      className={cn(
        "relative border-b border-border py-2 pr-4 last:border-b-0",
        current && "bg-accent/10 ring-1 ring-accent/40 ring-inset",
      )}
      style={{ paddingLeft: `${1 + Math.min(node.depth, 8) * 1.25}rem` }}
    >
      {node.depth > 0 ? (
        <span
          aria-hidden
          className="absolute top-0 bottom-0 border-l border-border"
          style={{ left: `${0.4 + Math.min(node.depth, 8) * 1.25}rem` }}
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        {node.status ? <StatusBadge status={node.status} /> : null}
        {node.placeholder ? (
          <span className="min-w-0 truncate font-mono text-xs text-muted" data-testid="run-node-placeholder">
            {node.external_id} · not reported yet
          </span>
        ) : (
          <Link
            href={jobHref(node.id as string)}
            className="min-w-0 truncate font-medium hover:text-accent hover:underline"
            data-testid="run-node-link"
          >
            {label}
          </Link>
        )}
        {node.step ? <Chip>{node.step}</Chip> : null}
        {node.attempt ? (
          <Chip tone="text-amber-800 dark:text-amber-300">
            attempt {node.attempt.n} of {node.attempt.of}
          </Chip>
        ) : null}
        {current ? <span className="text-xs font-medium text-accent">this job</span> : null}
        <span className="ml-auto flex shrink-0 gap-3 text-xs text-muted tabular-nums">
          <span title="Duration">{node.placeholder ? "" : formatDuration(node.duration_ms)}</span>
          <span title="Cost" className="text-fg">
            {node.placeholder ? "" : formatCost(node.cost_usd)}
          </span>
        </span>
      </div>
      <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-muted">
        {node.agent || node.model ? (
          <span className="min-w-0 truncate">
            {node.agent ?? ""}
            {node.agent && node.model ? " · " : ""}
            {node.model ? <span className="font-mono">{node.model}</span> : null}
          </span>
        ) : null}
        {node.children > 0 ? (
          <span data-testid="run-node-subtree">
            subtree: <RollupLine rollup={node.subtree} />
          </span>
        ) : null}
      </div>
    </li>
  );
}

export function RunTree({ run, current, waterfall }: { run: Run; current: string; waterfall?: ReactNode }) {
  return (
    <Card className="overflow-hidden" data-testid="run-tree">
      <section id="run" aria-labelledby="run-heading" className="scroll-mt-20">
        <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-border px-4 py-3">
          <h2 id="run-heading" className="text-sm font-semibold">
            Run <span className="font-mono text-xs font-normal text-muted">{run.root_external_id}</span>
          </h2>
          <p className="text-xs text-muted">
            Total: <RollupLine rollup={run.totals} testId="run-totals" />
          </p>
        </div>
        {run.truncated ? (
          <p className="border-b border-border bg-amber-50 px-4 py-2 text-xs text-amber-800 dark:bg-amber-950/40 dark:text-amber-300">
            This run has more than {formatNumber(run.job_limit)} jobs: the first {formatNumber(run.job_limit)}{" "}
            are shown and counted.
          </p>
        ) : null}
        {waterfall ? <div className="border-b border-border px-4 py-3">{waterfall}</div> : null}
        <ul>
          {run.nodes.map((n) => (
            <NodeRow key={n.external_id} node={n} current={n.external_id === current} />
          ))}
        </ul>
      </section>
    </Card>
  );
}
