import Link from "next/link";
import { formatCost } from "@/lib/format";
import { cellJobsHref } from "@/lib/models/query-options";
import type { Cell, ModelsResponse } from "@/lib/models/schemas";
import { heatColor, heatScale, type MatrixMetric, METRIC_INFO, metricValue } from "@/lib/models/view";
import type { RangeParams } from "@/lib/overview/query-options";
import { CiBar } from "./ci-bar";

/**
 * Models down, harnesses across; each cell shows the chosen metric coloured between the worst and the best cell
 * with enough data, and links to its jobs. Cells with too few finished jobs are hatched and not coloured.
 */
export function MatrixGrid({
  m,
  metric,
  params,
}: {
  m: ModelsResponse;
  metric: MatrixMetric;
  params: RangeParams;
}) {
  const info = METRIC_INFO[metric];
  const heat = heatScale(m.cells, metric);
  const byKey = new Map(m.cells.map((c) => [`${c.model}\u0000${c.harness}`, c]));
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-separate border-spacing-1 text-sm" data-testid="matrix">
        <thead>
          <tr>
            <th className="px-2 py-1 text-left text-xs font-medium text-muted">model \ harness</th>
            {m.harnesses.map((h) => (
              <th key={h} className="min-w-36 px-2 py-1 text-left font-mono text-xs font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.models.map((model) => (
            <tr key={model}>
              <th scope="row" className="max-w-48 truncate px-2 py-1 text-left font-mono text-xs font-medium">
                {model}
              </th>
              {m.harnesses.map((harness) => {
                const c = byKey.get(`${model}\u0000${harness}`);
                return (
                  <td key={harness} className="p-0 align-top">
                    {c ? (
                      <MatrixCell
                        c={c}
                        metric={metric}
                        heat={heat.get(c) ?? null}
                        params={params}
                        min={m.min_finished}
                      />
                    ) : (
                      <div
                        className="px-2 py-3 text-center text-xs text-muted/60"
                        title={`No ${model} job on ${harness} in the range`}
                      >
                        ·
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 px-1 text-xs text-muted">
        {info.label}: {info.better} is better; green is the best and red the worst of the cells with at least{" "}
        {m.min_finished} finished jobs. Hatched cells have fewer and are not ranked. Click a cell for its
        jobs.
      </p>
    </div>
  );
}

function MatrixCell({
  c,
  metric,
  heat,
  params,
  min,
}: {
  c: Cell;
  metric: MatrixMetric;
  heat: number | null;
  params: RangeParams;
  min: number;
}) {
  const info = METRIC_INFO[metric];
  const hatch = c.enough_data
    ? undefined
    : "repeating-linear-gradient(135deg, transparent 0 6px, color-mix(in srgb, var(--border) 70%, transparent) 6px 7px)";
  return (
    <Link
      href={cellJobsHref(c, params)}
      data-testid="matrix-cell"
      data-model={c.model}
      data-harness={c.harness}
      data-enough={c.enough_data ? "yes" : "no"}
      title={`${c.model} on ${c.harness}: ${c.jobs} jobs, ${c.finished} finished. Open the jobs.`}
      className="block rounded-md border border-border px-2 py-1.5 transition hover:border-accent hover:ring-2 hover:ring-accent/20"
      style={{ background: heatColor(heat) ?? hatch }}
    >
      <div className="flex items-baseline justify-between gap-2">
        <span className="text-base font-semibold tabular-nums" data-testid="cell-value">
          {info.format(metricValue(c, metric))}
        </span>
        {c.enough_data ? (
          c.rank_success && metric === "success_rate" ? (
            <span className="text-[10px] text-muted">#{c.rank_success}</span>
          ) : null
        ) : (
          <span
            className="rounded bg-subtle px-1 text-[10px] font-medium text-muted"
            data-testid="few-jobs"
            title={`Fewer than ${min} finished jobs: not ranked`}
          >
            few jobs
          </span>
        )}
      </div>
      {metric === "success_rate" ? <CiBar rate={c.success_rate} ci={c.success_ci} /> : null}
      <div className="mt-0.5 text-[11px] text-muted tabular-nums">
        <span data-testid="cell-jobs">{c.jobs}</span> jobs · {formatCost(c.cost_per_success_usd)}/success
      </div>
    </Link>
  );
}
