// job_label_key_hourly (db/schema/rollups.ts): jobs per UTC hour of their start x label key. Statement triggers on
// job keep it (its migration); this module rebuilds it (repair, bulk loads) and lists the label keys of the jobs
// started in a range exactly: the whole hours inside the range from the rollup, the partial hours at its edges
// from job (an index range of at most two hours of jobs), so the list equals the distinct keys over job.sort_at.
import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { job, jobLabelKeyHourly } from "@/db/schema";

const HOUR = 3_600_000;
const floorHour = (t: Date) => new Date(Math.floor(t.getTime() / HOUR) * HOUR);
const ceilHour = (t: Date) => new Date(Math.ceil(t.getTime() / HOUR) * HOUR);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
/** The keys of an object label set; nothing for an array, a scalar or null (jsonb_object_keys would throw). */
const keysOf = (labels: SQL | typeof job.labels) =>
  sql`jsonb_object_keys(case when jsonb_typeof(${labels}) = 'object' then ${labels} else '{}'::jsonb end)`;

/** Recomputes one project's job_label_key_hourly from job, holding job against writers meanwhile. */
export async function rebuildLabelKeys({ db, projectId }: { db: DbOrTx; projectId: string }): Promise<void> {
  // its own transaction, or a savepoint inside the caller's (rebuildRollups)
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table job in share mode`);
    await tx.delete(jobLabelKeyHourly).where(eq(jobLabelKeyHourly.projectId, projectId));
    await tx.execute(sql`
      insert into job_label_key_hourly (project_id, hour, key, jobs)
      select j.project_id, date_trunc('hour', j.sort_at, 'UTC'), k.key, count(*)::int
      from job j, ${keysOf(sql`j.labels`)} as k(key)
      where j.project_id = ${projectId}
      group by 1, 2, 3`);
  });
}

/**
 * The label keys of the project's jobs started in [from, to), sorted, at most `limit`: the same list as the
 * distinct jsonb_object_keys of those jobs' labels.
 */
export async function labelKeysIn({
  db,
  projectId,
  span,
  limit,
}: {
  db: DbOrTx;
  projectId: string;
  span: { from: Date; to: Date };
  limit: number;
}): Promise<string[]> {
  const inner = { from: ceilHour(span.from), to: floorHour(span.to) };
  const rawKeys = (from: Date, to: Date) => sql`
    select ${keysOf(job.labels)} as key from ${job}
    where ${and(eq(job.projectId, projectId), gte(job.sortAt, from), lt(job.sortAt, to))}`;
  const parts: SQL[] = [];
  // A range within one hour, or between two hour marks with none whole between them: all from job.
  if (inner.from >= inner.to) parts.push(rawKeys(span.from, span.to));
  else {
    parts.push(sql`
      select ${jobLabelKeyHourly.key} as key from ${jobLabelKeyHourly}
      where ${jobLabelKeyHourly.projectId} = ${projectId} and ${jobLabelKeyHourly.hour} >= ${ts(inner.from)}
        and ${jobLabelKeyHourly.hour} < ${ts(inner.to)} and ${jobLabelKeyHourly.jobs} > 0`);
    if (span.from < inner.from) parts.push(rawKeys(span.from, inner.from));
    if (inner.to < span.to) parts.push(rawKeys(inner.to, span.to));
  }
  const rows = rowsOf<{ key: string }>(
    await db.execute(sql`
      select key from (${sql.join(parts, sql` union `)}) k order by 1 limit ${limit}`),
  );
  return rows.map((r) => r.key);
}
