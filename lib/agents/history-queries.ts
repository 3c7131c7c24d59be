// An agent's history over a range, for the agent page's charts: failed jobs by class, and spend.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { job, usageHourly } from "@/db/schema";
import { usageInRange } from "@/lib/costs/spend";
import { type Bucket, bucketStart } from "@/lib/range/range";

type Params = { db: DbOrTx; projectId: string; name: string; from: Date; to: Date; bucket: Bucket };

const bucketOf = (column: typeof job.endedAt | typeof usageHourly.hour, bucket: Bucket) =>
  sql<string>`to_char(date_trunc(${bucket}, ${column} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"')`;

/** Failed jobs of the agent per bucket (UTC) and failure class, from the start of `from`'s bucket to `to`. */
export async function agentFailuresOverTime({ db, projectId, name, from, to, bucket }: Params) {
  const rows = await db
    .select({ bucket: bucketOf(job.endedAt, bucket), cls: job.failureClass, n: sql<number>`count(*)::int` })
    .from(job)
    .where(
      and(
        eq(job.projectId, projectId),
        eq(job.agentName, name),
        eq(job.status, "failed"),
        gte(job.endedAt, bucketStart(from, bucket)),
        lt(job.endedAt, to),
      ),
    )
    .groupBy(sql`1`, job.failureClass)
    .orderBy(sql`1`);
  return rows.map((r) => ({ bucket: r.bucket, failure_class: r.cls ?? "unknown", count: r.n }));
}

/**
 * The agent's usage cost per bucket (usage_hourly rows keyed by agent, UTC hours): spend in range as the Costs page
 * counts it (lib/costs/spend.ts), so the first bucket holds only the part of its day the range covers.
 */
export async function agentSpendOverTime({ db, projectId, name, from, to, bucket }: Params) {
  const rows = await db
    .select({
      bucket: bucketOf(usageHourly.hour, bucket),
      cost: sql<string>`sum(${usageHourly.costUsd})`,
      events: sql<number>`sum(${usageHourly.usageEvents})::int`,
      unpriced: sql<number>`sum(${usageHourly.unpricedEvents})::int`,
    })
    .from(usageHourly)
    .where(
      and(eq(usageHourly.projectId, projectId), eq(usageHourly.agentName, name), usageInRange({ from, to })),
    )
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows.map((r) => ({
    bucket: r.bucket,
    cost_usd: Number(r.cost),
    usage_events: r.events,
    unpriced_events: r.unpriced,
  }));
}
