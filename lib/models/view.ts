// How the matrix shows a metric: label, which way is better, formatting, and a colour scale. Pure.
import { formatCost, formatDuration } from "@/lib/format";
import { formatPercent } from "@/lib/overview/format";
import type { Cell } from "./schemas";

export const MATRIX_METRICS = [
  "success_rate",
  "cost_per_success_usd",
  "cost_per_job_usd",
  "duration_p50_ms",
  "duration_p90_ms",
  "mean_score",
] as const;
export type MatrixMetric = (typeof MATRIX_METRICS)[number];

export const METRIC_INFO: Record<
  MatrixMetric,
  { label: string; better: "higher" | "lower"; format: (v: number | null) => string }
> = {
  success_rate: { label: "Success rate", better: "higher", format: (v) => formatPercent(v) },
  cost_per_success_usd: { label: "Cost per success", better: "lower", format: formatCost },
  cost_per_job_usd: { label: "Cost per job", better: "lower", format: formatCost },
  duration_p50_ms: { label: "Median duration", better: "lower", format: formatDuration },
  duration_p90_ms: { label: "p90 duration", better: "lower", format: formatDuration },
  mean_score: { label: "Mean score", better: "higher", format: (v) => (v === null ? "—" : v.toFixed(2)) },
};

export const metricValue = (c: Cell, m: MatrixMetric): number | null => c[m];

/**
 * Position of each cell's value between the worst (0) and the best (1) of the cells with enough data; null for
 * cells without enough data or without a value (they get no colour: they are not ranked). One value: 0.5.
 */
export function heatScale(cells: Cell[], metric: MatrixMetric): Map<Cell, number | null> {
  const ranked = cells.filter((c) => c.enough_data && metricValue(c, metric) !== null);
  const values = ranked.map((c) => metricValue(c, metric) as number);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const out = new Map<Cell, number | null>();
  for (const c of cells) {
    const v = metricValue(c, metric);
    if (!c.enough_data || v === null) {
      out.set(c, null);
      continue;
    }
    const t = max === min ? 0.5 : (v - min) / (max - min);
    out.set(c, METRIC_INFO[metric].better === "higher" ? t : 1 - t);
  }
  return out;
}

/** A diverging background: red for the worst, green for the best, translucent so it reads in dark mode too. */
export function heatColor(t: number | null): string | undefined {
  if (t === null) return undefined;
  const alpha = (Math.abs(t - 0.5) * 2 * 0.4 + 0.06).toFixed(3);
  return t >= 0.5 ? `rgba(16, 185, 129, ${alpha})` : `rgba(239, 68, 68, ${alpha})`;
}
