// usage_daily (db/schema/rollups.ts): usage_hourly per UTC day. Triggers on usage_hourly keep it (migration 0010);
// this module rebuilds it and reads a spend window from it exactly: the whole UTC days inside the window from
// usage_daily, the hours at its edges from usage_hourly, so every sum equals usage_hourly's over the same hours.
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;
const ts = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

const MEASURES = sql.raw(
  "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, reported_cost_usd, computed_cost_usd, usage_events, unpriced_events",
);

/** Recomputes one project's usage_daily from usage_hourly, holding usage_hourly against writers meanwhile. */
export async function rebuildUsageDaily({ db, projectId }: { db: DbOrTx; projectId: string }) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table usage_hourly in share mode`);
    await tx.execute(sql`delete from usage_daily where project_id = ${projectId}`);
    await tx.execute(sql`
      insert into usage_daily (project_id, day, agent_name, model, harness, ${MEASURES})
      select project_id, date_trunc('day', hour, 'UTC'), agent_name, model, harness, sum(input_tokens),
        sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(cost_usd), sum(reported_cost_usd),
        sum(computed_cost_usd), sum(usage_events), sum(unpriced_events)
      from usage_hourly where project_id = ${projectId}
      group by 1, 2, 3, 4, 5`);
  });
}

/**
 * The usage_hourly rows of `projectIds` whose hour lies in [from, to), as a FROM item named usage_hourly (so
 * queries written against usage_hourly's columns read it unchanged): whole UTC days as one row per day and key
 * (hour = the day's midnight), the hours before the first whole day and after the last as they are. Use it when
 * rows are bucketed by day or longer, or summed whole; `from` must be on the hour (lib/costs/spend.ts windows are).
 */
export function usageSource(projectIds: string[], window: { from: Date; to: Date }): SQL {
  const from = window.from.getTime();
  // hour < to  <=>  hour < to rounded up to the hour (hours are on the hour)
  const to = ceilTo(window.to.getTime(), HOUR);
  const days = { from: ceilTo(from, DAY), to: floorTo(to, DAY) };
  const ids = sql`${`{${projectIds.join(",")}}`}::uuid[]`;
  const hourly = (a: number, b: number) =>
    sql`select project_id, hour, agent_name, model, harness, ${MEASURES} from usage_hourly
      where project_id = any(${ids}) and hour >= ${ts(a)} and hour < ${ts(b)}`;
  if (days.from >= days.to) return sql`(${hourly(from, to)}) as usage_hourly`;
  const parts = [
    sql`select project_id, day as hour, agent_name, model, harness, ${MEASURES} from usage_daily
      where project_id = any(${ids}) and day >= ${ts(days.from)} and day < ${ts(days.to)}`,
  ];
  if (from < days.from) parts.push(hourly(from, days.from));
  if (days.to < to) parts.push(hourly(days.to, to));
  return sql`(${sql.join(parts, sql` union all `)}) as usage_hourly`;
}
