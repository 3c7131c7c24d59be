// CSV exports of the model comparison (RFC 4180). Pure. Text from runners (model, harness, repo names) is
// untrusted: a cell that a spreadsheet would run as a formula (= + - @ at the start) is prefixed with '.
import type { CompareResponse, ModelsResponse } from "./schemas";

type Value = string | number | boolean | null | undefined;

function field(v: Value): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: string[], rows: Value[][]): string {
  return [header, ...rows]
    .map((r) => r.map(field).join(","))
    .join("\r\n")
    .concat("\r\n");
}

const classesText = (cs: { failure_class: string; count: number }[]) =>
  cs.map((c) => `${c.failure_class}:${c.count}`).join(" ");

const FIGURE_HEADER = [
  "jobs",
  "finished",
  "succeeded",
  "failed",
  "cancelled",
  "unfinished",
  "success_rate",
  "success_ci_low",
  "success_ci_high",
  "duration_p50_ms",
  "duration_p90_ms",
  "spend_usd",
  "unpriced_jobs",
  "cost_per_job_usd",
  "cost_per_success_usd",
  "mean_score",
  "scored_jobs",
  "failure_classes",
];

function figureValues(f: ModelsResponse["cells"][number] | CompareResponse["a"]): Value[] {
  return [
    f.jobs,
    f.finished,
    f.succeeded,
    f.failed,
    f.cancelled,
    f.unfinished,
    f.success_rate,
    f.success_ci?.low,
    f.success_ci?.high,
    f.duration_p50_ms,
    f.duration_p90_ms,
    f.spend_usd,
    f.unpriced_jobs,
    f.cost_per_job_usd,
    f.cost_per_success_usd,
    f.mean_score,
    f.scored_jobs,
    classesText(f.failure_classes),
  ];
}

export function matrixCsv(m: ModelsResponse): string {
  return toCsv(
    ["model", "harness", ...FIGURE_HEADER, "enough_data", "rank_success", "rank_cost"],
    m.cells.map((c) => [c.model, c.harness, ...figureValues(c), c.enough_data, c.rank_success, c.rank_cost]),
  );
}

export function varianceCsv(m: ModelsResponse): string {
  const rows: Value[][] = [];
  for (const [metric, v] of [
    ["success_rate", m.variance.success_rate],
    ["cost_per_success_usd", m.variance.cost_per_success],
  ] as const) {
    rows.push([metric, "across_models", "(mean)", null, v.across_models.mean_variance, v.ratio]);
    for (const g of v.across_models.groups)
      rows.push([metric, "across_models", g.group, g.members, g.variance, null]);
    rows.push([metric, "across_harnesses", "(mean)", null, v.across_harnesses.mean_variance, v.ratio]);
    for (const g of v.across_harnesses.groups)
      rows.push([metric, "across_harnesses", g.group, g.members, g.variance, null]);
  }
  return toCsv(["metric", "spread", "group", "members", "variance", "ratio"], rows);
}

export function compareCsv(c: CompareResponse): string {
  const rows: Value[][] = [
    ["a", c.a.value, "(all shared work)", c.a.jobs_in_range, ...figureValues(c.a)],
    ["b", c.b.value, "(all shared work)", c.b.jobs_in_range, ...figureValues(c.b)],
  ];
  for (const k of c.keys) {
    for (const s of ["a", "b"] as const) {
      const x = k[s];
      rows.push([s, c[s].value, k.key, null, x.jobs, x.finished, x.succeeded]);
    }
  }
  return toCsv(["side", "value", "work", "jobs_in_range", ...FIGURE_HEADER], rows);
}

/** A CSV file response. */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
    },
  });
}
