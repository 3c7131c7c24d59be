// Rebuilds failure_daily for one project from its jobs (the bench's fast loader, and repair). The triggers on
// job keep it on write (migration 0010); this recomputes it under a lock that makes concurrent job writes wait,
// so no delta lands between the delete and the insert.
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { NO_ISSUE } from "@/db/schema";

export async function rebuildFailureDaily({
  db,
  projectId,
}: {
  db: DbOrTx;
  projectId: string;
}): Promise<void> {
  // its own transaction, or a savepoint inside the caller's (rebuildRollups)
  await (db as Db).transaction(async (tx) => {
    await tx.execute(sql`lock table failure_daily in share row exclusive mode`);
    await tx.execute(sql`delete from failure_daily where project_id = ${projectId}`);
    await tx.execute(sql`
      insert into failure_daily (project_id, day, issue_id, failure_class, failures)
      select project_id, (ended_at at time zone 'UTC')::date, coalesce(failure_issue_id, ${NO_ISSUE}::uuid),
        coalesce(failure_class, ''), count(*)::int
      from job where project_id = ${projectId} and status = 'failed' and ended_at is not null
      group by 1, 2, 3, 4`);
  });
}
