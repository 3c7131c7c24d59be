// The bench's correctness sample (issue 17, point 1): figures a page shows, recomputed from the raw `event` rows
// alone (no projection, no rollup), compared with what the page's data function answers. Any difference is
// printed and makes the bench exit non-zero.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { loadPriceTable } from "@/lib/costs/prices";
import { priceUsage } from "@/lib/costs/pricing";
import { hourOf } from "@/lib/costs/rollup";
import { getOverview } from "@/lib/overview/queries";
import { type RangePreset, resolveRange } from "@/lib/range/range";

const STATUS_OF: Record<string, string> = {
  "job.completed": "succeeded",
  "job.failed": "failed",
  "job.cancelled": "cancelled",
};

/** Jobs by outcome among those started in [from, to) (started, else queued, else first event: job.sort_at). */
async function rawJobOutcomes(db: DbOrTx, projectId: string, from: Date, to: Date) {
  const rows = rowsOf<{ outcome: string | null; n: number }>(
    await db.execute(sql`
      with per_job as (
        select job_external_id,
               coalesce(min(time) filter (where type = 'job.started'), min(time) filter (where type = 'job.queued'),
                        min(time)) as start,
               (array_agg(type order by time desc, seq desc nulls last)
                  filter (where type in ('job.completed', 'job.failed', 'job.cancelled')))[1] as outcome
        from event where project_id = ${projectId}::uuid and job_external_id is not null
        group by job_external_id)
      select outcome, count(*)::int as n from per_job
      where start >= ${from.toISOString()}::timestamptz and start < ${to.toISOString()}::timestamptz
      group by outcome`),
  );
  const out: Record<string, number> = { succeeded: 0, failed: 0, cancelled: 0, unfinished: 0 };
  for (const r of rows) {
    const key = r.outcome ? (STATUS_OF[r.outcome] ?? "unfinished") : "unfinished";
    out[key] = (out[key] ?? 0) + r.n;
  }
  return out;
}

/** Spend by model over the UTC hours the range touches, each job.usage event priced as the write path prices it. */
async function rawSpendByModel(db: DbOrTx, projectId: string, from: Date, to: Date) {
  const table = await loadPriceTable(db);
  const rows = rowsOf<{ time: string | Date; data: Record<string, unknown> }>(
    await db.execute(sql`
      select time, data from event
      where project_id = ${projectId}::uuid and type = 'job.usage' and job_external_id is not null
        and time >= ${hourOf(from).toISOString()}::timestamptz and time < ${to.toISOString()}::timestamptz`),
  );
  const out: Record<string, number> = {};
  for (const r of rows) {
    const p = priceUsage(table, r.data, new Date(r.time));
    out[p.model] = (out[p.model] ?? 0) + p.cost;
  }
  return out;
}

/** Failed jobs by when they failed (the job.failed event's time) in [from, to). */
async function rawFailures(db: DbOrTx, projectId: string, from: Date, to: Date) {
  const [r] = rowsOf<{ n: number }>(
    await db.execute(sql`
      with last_outcome as (
        select distinct on (job_external_id) type, time from event
        where project_id = ${projectId}::uuid and job_external_id is not null
          and type in ('job.completed', 'job.failed', 'job.cancelled')
        order by job_external_id, time desc, seq desc nulls last)
      select count(*)::int as n from last_outcome
      where type = 'job.failed' and time >= ${from.toISOString()}::timestamptz and time < ${to.toISOString()}::timestamptz`),
  );
  return r?.n ?? 0;
}

export type CheckLine = { what: string; identical: boolean; detail: string };

/** The Overview's job outcomes, spend by model and failures for each range, against the raw event log. */
export async function checkAgainstEvents(
  db: DbOrTx,
  projectId: string,
  ranges: RangePreset[] = ["24h", "7d"],
  now = new Date(),
): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const preset of ranges) {
    const range = resolveRange({ range: preset }, now);
    const o = await getOverview({ db, projectId, range, now });
    const page: Record<string, number> = { succeeded: 0, failed: 0, cancelled: 0, unfinished: 0 };
    for (const b of o.series.jobs)
      for (const k of Object.keys(page)) page[k] = (page[k] ?? 0) + (b[k as keyof typeof b] as number);
    const raw = await rawJobOutcomes(db, projectId, range.from, range.to);
    const jobDiffs = Object.keys(page).filter((k) => page[k] !== raw[k]);
    lines.push({
      what: `Overview ${preset}: jobs by outcome`,
      identical: jobDiffs.length === 0,
      detail: jobDiffs.length
        ? jobDiffs.map((k) => `${k}: page ${page[k]}, events ${raw[k]}`).join("; ")
        : JSON.stringify(page),
    });

    const spendPage: Record<string, number> = {};
    for (const s of o.series.spend) spendPage[s.model] = (spendPage[s.model] ?? 0) + s.cost_usd;
    const spendRaw = await rawSpendByModel(db, projectId, range.from, range.to);
    const models = [...new Set([...Object.keys(spendPage), ...Object.keys(spendRaw)])].sort();
    // numeric(16,8) per row against a float sum: a hundredth of a cent is more than any rounding here
    const spendDiffs = models.filter((m) => Math.abs((spendPage[m] ?? 0) - (spendRaw[m] ?? 0)) > 1e-4);
    const total = models.reduce((n, m) => n + (spendPage[m] ?? 0), 0);
    lines.push({
      what: `Overview ${preset}: spend by model`,
      identical: spendDiffs.length === 0,
      detail: spendDiffs.length
        ? spendDiffs
            .map(
              (m) => `${m}: page ${(spendPage[m] ?? 0).toFixed(6)}, events ${(spendRaw[m] ?? 0).toFixed(6)}`,
            )
            .join("; ")
        : `${models.length} models, $${total.toFixed(2)}`,
    });

    const failuresPage = o.series.failures.reduce((n, f) => n + f.count, 0);
    const failuresRaw = await rawFailures(db, projectId, range.from, range.to);
    lines.push({
      what: `Overview ${preset}: failed jobs`,
      identical: failuresPage === failuresRaw,
      detail: `page ${failuresPage}, events ${failuresRaw}`,
    });
  }
  return lines;
}
