// Verifies the usage rollups against the raw events: recomputes job_usage from every usage event (tokens,
// counts, reported cost exactly; computed cost with the current price table) and checks that usage_hourly and
// the job totals add up to job_usage. `npm run costs:check` prints the result.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { loadPriceTable } from "./prices";
import { contributionsOf, usageEvents } from "./reprice";
import { addMeasures, type Measures, measuresFrom, zeroMeasures } from "./rollup";

export type CheckProblem = { where: string; key: string; field: string; expected: number; actual: number };
export type CheckResult = {
  usageEvents: number;
  jobUsageRows: number;
  hourlyRows: number;
  jobs: number;
  problems: CheckProblem[];
  /** Problems only in cost fields while tokens agree: prices changed since the usage was stored. */
  stalePrices: boolean;
};

const FIELDS: (keyof Measures)[] = [
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "usageEvents",
  "unpricedEvents",
  "reportedCostUsd",
  "computedCostUsd",
  "costUsd",
];
const COST_FIELDS = new Set<keyof Measures>(["computedCostUsd", "costUsd", "unpricedEvents"]);
const close = (a: number, b: number, money: boolean) => (money ? Math.abs(a - b) < 5e-6 : a === b);
const isMoney = (f: keyof Measures) => f.endsWith("Usd");

type MeasureRow = Record<string, string | number | Date | null>;

function compare(
  where: string,
  expected: Map<string, Measures>,
  actual: Map<string, Measures>,
  problems: CheckProblem[],
  fields = FIELDS,
) {
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(key) ?? zeroMeasures();
    const a = actual.get(key) ?? zeroMeasures();
    for (const f of fields) {
      if (!close(e[f], a[f], isMoney(f)))
        problems.push({ where, key, field: f, expected: e[f], actual: a[f] });
    }
  }
}

const MEASURE_SQL = sql.raw(
  "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, reported_cost_usd, computed_cost_usd, usage_events, unpriced_events",
);

export async function checkRollups({
  db,
  projectId,
}: {
  db: DbOrTx;
  projectId: string;
}): Promise<CheckResult> {
  const table = await loadPriceTable(db);
  const expected = new Map<string, Measures>();
  let events = 0;
  for await (const chunk of usageEvents(db, projectId, new Date(0))) {
    events += chunk.length;
    for (const c of contributionsOf(table, chunk).contributions) {
      const key = `${c.jobId}|${c.hour.toISOString()}|${c.model}`;
      const m = expected.get(key) ?? zeroMeasures();
      addMeasures(m, c.measures);
      expected.set(key, m);
    }
  }
  const jobUsageRows = rowsOf<MeasureRow>(
    await db.execute(
      sql`select job_id, hour, model, agent_name, harness, ${MEASURE_SQL} from job_usage where project_id = ${projectId}`,
    ),
  );
  const actual = new Map<string, Measures>();
  const hourlyFromJobs = new Map<string, Measures>();
  const jobTotals = new Map<string, Measures>();
  for (const r of jobUsageRows) {
    const m = measuresFrom(r);
    const hour = new Date(r.hour as string).toISOString();
    actual.set(`${r.job_id}|${hour}|${r.model}`, m);
    const hk = `${hour}|${r.agent_name}|${r.model}|${r.harness}`;
    const h = hourlyFromJobs.get(hk) ?? zeroMeasures();
    addMeasures(h, m);
    hourlyFromJobs.set(hk, h);
    const t = jobTotals.get(String(r.job_id)) ?? zeroMeasures();
    addMeasures(t, m);
    jobTotals.set(String(r.job_id), t);
  }
  const problems: CheckProblem[] = [];
  compare("job_usage vs events", expected, actual, problems);

  const hourlyRows = rowsOf<MeasureRow>(
    await db.execute(
      sql`select hour, agent_name, model, harness, ${MEASURE_SQL} from usage_hourly where project_id = ${projectId}`,
    ),
  );
  const hourly = new Map<string, Measures>();
  for (const r of hourlyRows) {
    const hour = new Date(r.hour as string).toISOString();
    hourly.set(`${hour}|${r.agent_name}|${r.model}|${r.harness}`, measuresFrom(r));
  }
  // Rows that cancelled out to zero after a re-key are harmless; compare() treats absent as zero.
  compare("usage_hourly vs job_usage", hourlyFromJobs, hourly, problems);

  const jobs = rowsOf<MeasureRow>(
    await db.execute(sql`
      select id, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
        coalesce(cost_usd, 0) as cost_usd, coalesce(reported_cost_usd, 0) as reported_cost_usd,
        coalesce(computed_cost_usd, 0) as computed_cost_usd, 0 as usage_events, unpriced_usage_events as unpriced_events
      from job where project_id = ${projectId}`),
  );
  const jobActual = new Map<string, Measures>();
  for (const r of jobs) {
    const m = measuresFrom(r);
    jobActual.set(String(r.id), m);
    const t = jobTotals.get(String(r.id));
    if (t) t.usageEvents = 0;
  }
  compare("job totals vs job_usage", jobTotals, jobActual, problems, [
    "inputTokens",
    "outputTokens",
    "cacheReadTokens",
    "cacheWriteTokens",
    "costUsd",
    "reportedCostUsd",
    "computedCostUsd",
    "unpricedEvents",
  ]);
  const stalePrices =
    problems.length > 0 && problems.every((p) => COST_FIELDS.has(p.field as keyof Measures));
  return {
    usageEvents: events,
    jobUsageRows: jobUsageRows.length,
    hourlyRows: hourlyRows.length,
    jobs: jobs.length,
    problems,
    stalePrices,
  };
}
