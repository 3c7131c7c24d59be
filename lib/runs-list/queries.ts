// Named queries of the runs list: roots with their roll-ups, a keyset page at a time, and the jobs of runs.
import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { job } from "@/db/schema";
import { toJobSummary } from "@/lib/jobs/queries";
import { rootFilterSql, withAttempts } from "@/lib/jobs/run-filters";
import { afterCursorSql, decodeCursor, encodeCursor, orderBySql, sortValueSql } from "@/lib/jobs/sort";
import { getProjectSettings } from "@/lib/projects/queries";
import { rangeFromQuery } from "@/lib/range/resolve";
import { isRootSql, runHasStepSql, runMembers } from "./members";
import { rollUp } from "./rollup";
import type { RunsPage, RunsQuery } from "./schemas";

/**
 * A page of runs, newest root first (or oldest): the roots that pass the filters, read along the list's
 * (project_id, sort_at, id) index like the jobs list, then the members of just that page's runs.
 */
export async function listRuns({
  db,
  projectId,
  filters,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  filters: RunsQuery;
  now?: Date;
}): Promise<RunsPage> {
  const { stallAfterSeconds } = await getProjectSettings({ db, projectId });
  const where: SQL[] = [eq(job.projectId, projectId), isRootSql(), ...rootFilterSql(filters)];
  if (filters.step) where.push(runHasStepSql(projectId, filters.step));
  if (filters.range !== "all") {
    const r = rangeFromQuery({ range: filters.range, from: filters.from, to: filters.to }, now);
    where.push(gte(job.sortAt, r.from));
    if (filters.range === "custom") where.push(lt(job.sortAt, r.to));
  }
  if (filters.cursor) where.push(afterCursorSql(decodeCursor(filters.cursor, "started", filters.dir)));
  const rows = await db
    .select({ row: job, sortValue: sortValueSql("started") })
    .from(job)
    .where(and(...where))
    .orderBy(...orderBySql("started", filters.dir))
    .limit(filters.limit + 1);
  const page = rows.slice(0, filters.limit);
  const members = await runMembers({ db, projectId, rootIds: page.map((r) => r.row.id) });
  const roots = await withAttempts(
    db,
    projectId,
    page.map((r) => toJobSummary(r.row, stallAfterSeconds, now.getTime())),
  );
  const last = page.at(-1);
  return {
    runs: roots.map((root) => {
      const sum = rollUp(members.get(root.id) ?? []);
      return {
        root,
        status: sum.status,
        jobs: sum.jobs,
        failures: sum.failures,
        cost_usd: sum.costUsd,
        tokens: sum.tokens,
        started_at: sum.startedAt.toISOString(),
        ended_at: sum.endedAt?.toISOString() ?? null,
        duration_ms: sum.durationMs,
      };
    }),
    next_cursor:
      rows.length > filters.limit && last
        ? encodeCursor({ sort: "started", dir: filters.dir, value: last.sortValue, id: last.row.id })
        : null,
  };
}
