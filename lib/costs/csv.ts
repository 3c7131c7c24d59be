// CSV of what the Costs page shows: one file per section, RFC 4180, safe to open in a spreadsheet.
import { groupLabel, type TokenRow } from "./prepare";
import type { CostJob, CostsReport, OutcomeRow, UsageFigures } from "./schemas";

export type CsvColumn<T> = { label: string; value: (row: T) => string | number | boolean | null | undefined };

/** Agent, model and job names come from runners: a cell a spreadsheet would run as a formula is quoted. */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v == null) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvCell(c.value(r))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** fleetwatch-costs-<section>-<from>-<to>.csv with the range's bounds as UTC minutes (20261101T0930Z). */
export function csvFileName(section: string, range: { from: string; to: string }): string {
  const stamp = (t: string) => new Date(t).toISOString().slice(0, 16).replaceAll(/[-:]/g, "").concat("Z");
  return `fleetwatch-costs-${section}-${stamp(range.from)}-${stamp(range.to)}.csv`;
}

const FIGURE_COLUMNS = <T extends UsageFigures>(): CsvColumn<T>[] => [
  { label: "cost_usd", value: (r) => r.cost_usd },
  { label: "reported_cost_usd", value: (r) => r.reported_cost_usd },
  { label: "computed_cost_usd", value: (r) => r.computed_cost_usd },
  { label: "input_tokens", value: (r) => r.input_tokens },
  { label: "output_tokens", value: (r) => r.output_tokens },
  { label: "cache_read_tokens", value: (r) => r.cache_read_tokens },
  { label: "cache_write_tokens", value: (r) => r.cache_write_tokens },
  { label: "usage_events", value: (r) => r.usage_events },
  { label: "unpriced_events", value: (r) => r.unpriced_events },
];

/** The spend series: one line per bucket and group that had usage. */
export function seriesCsv(report: CostsReport): string {
  const rows = report.series.flatMap((s) =>
    s.points.map((p) => ({ ...p, key: s.key, cache_hit_rate: null })),
  );
  rows.sort((a, b) => a.bucket.localeCompare(b.bucket) || a.key.localeCompare(b.key));
  return toCsv(
    [
      { label: "bucket_start", value: (r) => r.bucket },
      { label: report.group_by, value: (r) => groupLabel(r.key) },
      ...FIGURE_COLUMNS<(typeof rows)[number]>(),
    ],
    rows,
  );
}

/** Totals per group (the "by group" table; with group_by agent, the top agents). */
export function groupsCsv(report: CostsReport): string {
  return toCsv(
    [
      { label: report.group_by, value: (r) => groupLabel(r.key) },
      ...FIGURE_COLUMNS<CostsReport["groups"][number]>(),
      { label: "cache_hit_rate", value: (r) => r.cache_hit_rate },
    ],
    report.groups,
  );
}

export function topJobsCsv(jobs: CostJob[]): string {
  return toCsv(
    [
      { label: "job_id", value: (j) => j.external_id },
      { label: "title", value: (j) => j.title },
      { label: "status", value: (j) => j.status },
      { label: "agent", value: (j) => j.agent },
      { label: "model", value: (j) => j.model },
      { label: "harness", value: (j) => j.harness },
      { label: "retry", value: (j) => j.retry },
      { label: "started_at", value: (j) => j.started_at },
      { label: "cost_usd", value: (j) => j.cost_usd },
      { label: "unpriced_usage_events", value: (j) => j.unpriced_usage_events },
    ],
    jobs,
  );
}

export function outcomesCsv(by: "model" | "agent", rows: OutcomeRow[]): string {
  return toCsv(
    [
      { label: by, value: (r) => groupLabel(r.key) },
      { label: "jobs", value: (r) => r.jobs },
      { label: "succeeded", value: (r) => r.succeeded },
      { label: "failed", value: (r) => r.failed },
      { label: "cancelled", value: (r) => r.cancelled },
      { label: "retries", value: (r) => r.retries },
      { label: "cost_usd", value: (r) => r.cost_usd },
      { label: "cost_per_success_usd", value: (r) => r.cost_per_success_usd },
      { label: "all_in_cost_per_success_usd", value: (r) => r.all_in_cost_per_success_usd },
      { label: "wasted_usd", value: (r) => r.wasted_usd },
      { label: "failed_usd", value: (r) => r.failed_usd },
      { label: "cancelled_usd", value: (r) => r.cancelled_usd },
      { label: "retry_usd", value: (r) => r.retry_usd },
    ],
    rows,
  );
}

/** Tokens by kind per bucket of the range, with the cache hit rate (empty when the bucket had no input). */
export function tokensCsv(rows: TokenRow[]): string {
  return toCsv(
    [
      { label: "bucket_start", value: (r) => r.bucket },
      { label: "input_tokens", value: (r) => r.input },
      { label: "output_tokens", value: (r) => r.output },
      { label: "cache_read_tokens", value: (r) => r.cache_read },
      { label: "cache_write_tokens", value: (r) => r.cache_write },
      { label: "cache_hit_rate", value: (r) => r.cache_hit_rate },
    ],
    rows,
  );
}

export type BudgetCsvRow = {
  name: string;
  scope: string;
  target: string | null;
  period: string;
  amountUsd: number;
  warnPercent: number;
  periodStart: string;
  periodEnd: string;
  spentUsd: number;
  percent: number;
  state: string;
  forecastUsd: number;
  status: string;
};

export function budgetsCsv(rows: BudgetCsvRow[]): string {
  return toCsv(
    [
      { label: "name", value: (r) => r.name },
      { label: "scope", value: (r) => r.scope },
      { label: "target", value: (r) => r.target },
      { label: "period", value: (r) => r.period },
      { label: "amount_usd", value: (r) => r.amountUsd },
      { label: "warn_percent", value: (r) => r.warnPercent },
      { label: "period_start", value: (r) => r.periodStart },
      { label: "period_end", value: (r) => r.periodEnd },
      { label: "spent_usd", value: (r) => r.spentUsd },
      { label: "percent", value: (r) => r.percent },
      { label: "state", value: (r) => r.state },
      { label: "forecast_usd", value: (r) => r.forecastUsd },
      { label: "status", value: (r) => r.status },
    ],
    rows,
  );
}
