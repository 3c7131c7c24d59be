// Usage rollups maintained on write: job_usage (per job, hour and model) and usage_hourly (per hour, agent,
// model and harness). Runs inside the ingest transaction after the job upsert, which holds the job rows' locks,
// so a job's job_usage rows are only ever written by one transaction at a time.
import { sql } from "drizzle-orm";
import { bulkInsert, rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { jobUsage, usageHourly } from "@/db/schema";
import type { PricedUsage, UsageTokens } from "./pricing";
import { hourFloor } from "./spend";

/** The rollup measures, summed on conflict. */
export type Measures = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  reportedCostUsd: number;
  computedCostUsd: number;
  usageEvents: number;
  unpricedEvents: number;
};
const MEASURES = [
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "costUsd",
  "reportedCostUsd",
  "computedCostUsd",
  "usageEvents",
  "unpricedEvents",
] as const satisfies readonly (keyof Measures)[];

export const zeroMeasures = (): Measures => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costUsd: 0,
  reportedCostUsd: 0,
  computedCostUsd: 0,
  usageEvents: 0,
  unpricedEvents: 0,
});

export function measuresOf(p: PricedUsage & { tokens: UsageTokens }): Measures {
  return {
    inputTokens: p.tokens.input,
    outputTokens: p.tokens.output,
    cacheReadTokens: p.tokens.cacheRead,
    cacheWriteTokens: p.tokens.cacheWrite,
    costUsd: p.cost,
    reportedCostUsd: p.reported ?? 0,
    computedCostUsd: p.computed ?? 0,
    usageEvents: 1,
    unpricedEvents: p.unpriced ? 1 : 0,
  };
}

export function addMeasures(into: Measures, m: Measures, sign = 1) {
  for (const k of MEASURES) into[k] += sign * m[k];
}

/** Measures from a raw row of job_usage or usage_hourly (snake_case columns, numerics as strings). */
export function measuresFrom(r: Record<string, unknown>): Measures {
  return {
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    cacheReadTokens: Number(r.cache_read_tokens),
    cacheWriteTokens: Number(r.cache_write_tokens),
    costUsd: Number(r.cost_usd),
    reportedCostUsd: Number(r.reported_cost_usd),
    computedCostUsd: Number(r.computed_cost_usd),
    usageEvents: Number(r.usage_events),
    unpricedEvents: Number(r.unpriced_events),
  };
}

/** The start of the UTC hour containing `t` (spend.ts's hourFloor, under the name the write path uses). */
export const hourOf = hourFloor;

/** One usage event's contribution, keyed by its job, hour and model. */
export type Contribution = { jobId: string; hour: Date; model: string; measures: Measures };
/** The job's current usage_hourly key parts. */
export type JobKey = { agentName: string; harness: string };

type KeyedRow = Measures & {
  projectId: string;
  hour: Date;
  agentName: string;
  model: string;
  harness: string;
};

/** The largest amount numeric(16,8) holds: totals that reach it stay there rather than fail the write. */
export const MAX_USD = "99999999.99999999";
/** Dollars as a numeric(16,8) literal, clamped to the column's range. */
export function money(v: number): string {
  const s = v.toFixed(8);
  const n = Number(s);
  return n >= 1e8 || n <= -1e8 ? (n > 0 ? MAX_USD : `-${MAX_USD}`) : s;
}
function toRow<T extends Record<string, unknown>>(base: T, m: Measures) {
  return {
    ...base,
    ...m,
    costUsd: money(m.costUsd),
    reportedCostUsd: money(m.reportedCostUsd),
    computedCostUsd: money(m.computedCostUsd),
  };
}

const BIGINT_MAX = "9223372036854775807";
const INTEGER_MAX = "2147483647";
/** The largest value of each summed column (bigint tokens, integer counts, numeric(16,8) dollars). */
export const COLUMN_MAX: Record<string, string> = {
  input_tokens: BIGINT_MAX,
  output_tokens: BIGINT_MAX,
  cache_read_tokens: BIGINT_MAX,
  cache_write_tokens: BIGINT_MAX,
  cost_usd: MAX_USD,
  reported_cost_usd: MAX_USD,
  computed_cost_usd: MAX_USD,
  usage_events: INTEGER_MAX,
  unpriced_events: INTEGER_MAX,
  unpriced_usage_events: INTEGER_MAX,
  event_count: INTEGER_MAX,
  redaction_count: INTEGER_MAX,
};

/**
 * SQL of `a + b` for a summed column (a column name of COLUMN_MAX): computed in numeric, which does not
 * overflow, and held at the column's maximum, so a total that reaches it stays there instead of failing the
 * whole write (the assignment casts back to the column's type).
 */
export function saturatingSum(a: string, b: string, column: string): string {
  return `least(${a}::numeric + ${b}, ${COLUMN_MAX[column] ?? BIGINT_MAX})`;
}

const sumSet = (table: string) =>
  sql.raw(
    [
      "input_tokens",
      "output_tokens",
      "cache_read_tokens",
      "cache_write_tokens",
      "cost_usd",
      "reported_cost_usd",
      "computed_cost_usd",
      "usage_events",
      "unpriced_events",
    ]
      .map((c) => `${c} = ${saturatingSum(`"${table}".${c}`, `excluded.${c}`, c)}`)
      .join(", "),
  );

const HOURLY_COLUMNS = ["projectId", "hour", "agentName", "model", "harness", ...MEASURES] as const;
const JOB_USAGE_COLUMNS = [
  "projectId",
  "jobId",
  "hour",
  "model",
  "agentName",
  "harness",
  ...MEASURES,
] as const;

/** Adds signed deltas to usage_hourly, one row per key, in key order (concurrent writers lock alike). */
async function addToHourly(tx: DbOrTx, projectId: string, deltas: Map<string, KeyedRow>) {
  const rows = [...deltas.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([, r]) =>
      toRow({ projectId, hour: r.hour, agentName: r.agentName, model: r.model, harness: r.harness }, r),
    );
  await bulkInsert(
    tx,
    usageHourly,
    HOURLY_COLUMNS,
    rows,
    sql`on conflict (project_id, hour, agent_name, model, harness) do update set ${sumSet("usage_hourly")}`,
  );
}

const hourlyKey = (hour: Date, agentName: string, model: string, harness: string) =>
  `${hour.toISOString()}\u0001${agentName}\u0001${model}\u0001${harness}`;

function addKeyed(
  map: Map<string, KeyedRow>,
  projectId: string,
  hour: Date,
  k: JobKey,
  model: string,
  m: Measures,
  sign = 1,
) {
  const key = hourlyKey(hour, k.agentName, model, k.harness);
  let row = map.get(key);
  if (!row) {
    row = { projectId, hour, agentName: k.agentName, model, harness: k.harness, ...zeroMeasures() };
    map.set(key, row);
  }
  addMeasures(row, m, sign);
}

/**
 * Moves the job_usage rows of jobs whose agent or harness changed since they were counted (a job.started that
 * arrived after its usage) and records the hourly deltas (old key minus, new key plus) in `hourly`.
 */
async function moveRekeyed(
  tx: DbOrTx,
  projectId: string,
  jobKeys: Map<string, JobKey>,
  candidates: Set<string>,
  hourly: Map<string, KeyedRow>,
) {
  if (candidates.size === 0) return;
  // One index lookup per job; the UPDATE below only runs for the rare jobs whose key changed.
  const counted = rowsOf<{ job_id: string; agent_name: string; harness: string }>(
    await tx.execute(
      sql`select distinct job_id, agent_name, harness from job_usage where job_id = any(${`{${[...candidates].join(",")}}`}::uuid[])`,
    ),
  );
  const changed = counted.filter((c) => {
    const k = jobKeys.get(c.job_id);
    return k && (k.agentName !== c.agent_name || k.harness !== c.harness);
  });
  if (changed.length === 0) return;
  const current = JSON.stringify(
    [...new Set(changed.map((c) => c.job_id))].map((jobId) => {
      const k = jobKeys.get(jobId) as JobKey;
      return { job_id: jobId, agent: k.agentName, harness: k.harness };
    }),
  );
  type Moved = Record<string, string | number> & { hour: string | Date; model: string };
  const moved = rowsOf<Moved>(
    await tx.execute(sql`
      update job_usage ju set agent_name = c.agent, harness = c.harness
      from json_to_recordset(${current}::json) as c(job_id uuid, agent text, harness text), job_usage o
      where ju.job_id = c.job_id and (ju.agent_name <> c.agent or ju.harness <> c.harness)
        and o.job_id = ju.job_id and o.hour = ju.hour and o.model = ju.model
      returning ju.hour, ju.model, o.agent_name as old_agent, o.harness as old_harness, c.agent, c.harness,
        ju.input_tokens, ju.output_tokens, ju.cache_read_tokens, ju.cache_write_tokens, ju.cost_usd,
        ju.reported_cost_usd, ju.computed_cost_usd, ju.usage_events, ju.unpriced_events`),
  );
  for (const r of moved) {
    const m = measuresFrom(r);
    const hour = new Date(r.hour);
    const old = { agentName: String(r.old_agent), harness: String(r.old_harness) };
    addKeyed(hourly, projectId, hour, old, r.model, m, -1);
    addKeyed(hourly, projectId, hour, { agentName: String(r.agent), harness: String(r.harness) }, r.model, m);
  }
}

/**
 * Applies a batch's usage: first moves rows of `candidates` (jobs that existed before the batch) whose agent or
 * harness changed since they were counted, then adds the new contributions under each job's current key.
 */
export async function applyUsage(
  tx: DbOrTx,
  projectId: string,
  jobKeys: Map<string, JobKey>,
  candidates: Set<string>,
  contributions: Contribution[],
) {
  const hourly = new Map<string, KeyedRow>();
  await moveRekeyed(tx, projectId, jobKeys, candidates, hourly);

  const perJob = new Map<string, Contribution & JobKey>();
  for (const c of contributions) {
    const k = jobKeys.get(c.jobId) ?? { agentName: "", harness: "" };
    addKeyed(hourly, projectId, c.hour, k, c.model, c.measures);
    const key = `${c.jobId}\u0001${c.hour.toISOString()}\u0001${c.model}`;
    const row = perJob.get(key) ?? { ...c, ...k, measures: zeroMeasures() };
    addMeasures(row.measures, c.measures);
    perJob.set(key, row);
  }
  if (perJob.size > 0) {
    const rows = [...perJob.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([, r]) =>
        toRow(
          {
            projectId,
            jobId: r.jobId,
            hour: r.hour,
            model: r.model,
            agentName: r.agentName,
            harness: r.harness,
          },
          r.measures,
        ),
      );
    await bulkInsert(
      tx,
      jobUsage,
      JOB_USAGE_COLUMNS,
      rows,
      sql`on conflict (job_id, hour, model) do update set ${sumSet("job_usage")}`,
    );
  }
  // Drop moves that cancelled out (a row moved away and back within the same batch is a no-op).
  for (const [key, r] of hourly) if (MEASURES.every((k) => r[k] === 0)) hourly.delete(key);
  if (hourly.size > 0) await addToHourly(tx, projectId, hourly);
}
