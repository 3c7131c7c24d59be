// Pure preparation of the failures chart: one row per time bucket with a count per class. Buckets with no
// failed job are zeros (the jobs table is complete for the range: no failure is a fact, not missing data).
export type ChartRow = { bucket: string } & Record<string, number | string>;

export function pivotByClass(
  rows: { bucket: string; failure_class: string; count: number }[],
  { from, to, unit }: { from: string; to: string; unit: string },
): { data: ChartRow[]; classes: string[] } {
  const step = unit === "hour" ? 3_600_000 : 86_400_000;
  const start = Math.floor(Date.parse(from) / step) * step;
  const end = Date.parse(to);
  const classes = [...new Set(rows.map((r) => r.failure_class))].sort(
    (a, b) => total(rows, b) - total(rows, a) || a.localeCompare(b),
  );
  const data: ChartRow[] = [];
  for (let t = start; t < end; t += step) {
    const bucket = new Date(t).toISOString().slice(0, 13).concat(":00:00Z");
    const row: ChartRow = { bucket };
    for (const c of classes) row[c] = 0;
    data.push(row);
  }
  const index = new Map(data.map((r, i) => [r.bucket, i]));
  for (const r of rows) {
    const i = index.get(r.bucket);
    const row = i === undefined ? undefined : data[i];
    if (row) row[r.failure_class] = (row[r.failure_class] as number) + r.count;
  }
  return { data, classes };
}

function total(rows: { failure_class: string; count: number }[], cls: string) {
  return rows.filter((r) => r.failure_class === cls).reduce((n, r) => n + r.count, 0);
}
