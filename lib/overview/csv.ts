// The Overview's time series as one long CSV table: bucket, series, key, value.
import { toCsv } from "@/lib/models/csv";
import type { Overview } from "./schemas";

export function overviewCsv(o: Overview): string {
  const rows: (string | number)[][] = [];
  for (const r of o.series.jobs) {
    for (const k of ["succeeded", "failed", "cancelled", "unfinished"] as const) {
      if (r[k]) rows.push([r.bucket, "jobs", k, r[k]]);
    }
  }
  for (const r of o.series.spend) rows.push([r.bucket, "spend_usd", r.model, r.cost_usd]);
  for (const r of o.series.failures) rows.push([r.bucket, "failures", r.failure_class, r.count]);
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return toCsv(["bucket", "series", "key", "value"], rows);
}
