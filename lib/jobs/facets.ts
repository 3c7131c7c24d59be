// Distinct values of one job column in a project, by a skip scan: each step asks the index for the next value
// after the previous one, so listing k values costs k index probes, whatever the number of jobs (PostgreSQL has
// no skip scan of its own for DISTINCT; a plain SELECT DISTINCT reads every job of the project).
import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";

/**
 * The first `limit` distinct non-null values of `column` (a column of job, or an expression with an index on
 * (project_id, expression) whose predicate `where` repeats), in ascending order.
 */
export async function distinctJobValues({
  db,
  projectId,
  column,
  limit,
  where = sql`true`,
}: {
  db: DbOrTx;
  projectId: string;
  column: SQL;
  limit: number;
  where?: SQL;
}): Promise<string[]> {
  const next = (after: SQL | null) =>
    sql`(select ${column} from job where project_id = ${projectId} and ${where} and ${column} is not null
      ${after ? sql`and ${column} > ${after}` : sql``} order by ${column} limit 1)`;
  const rows = rowsOf<{ v: string | null }>(
    await db.execute(sql`with recursive t(v, n) as (
        select ${next(null)}, 1
        union all
        select ${next(sql`t.v`)}, t.n + 1 from t where t.v is not null and t.n < ${limit}
      ) select v from t where v is not null`),
  );
  return rows.map((r) => r.v as string);
}
