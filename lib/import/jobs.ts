// What an import created: its jobs (id, title, when, what they cost as the console prices them), so the results
// can link to each job and to the Jobs page's window that shows them all.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { job } from "@/db/schema";

/** Jobs listed in one import's results; the rest are counted. */
export const IMPORT_JOBS_LISTED = 100;

export type ImportedJob = {
  id: string;
  external_id: string;
  title: string | null;
  started_at: string;
  cost_usd: number | null;
};

export type ImportedJobs = {
  jobs: ImportedJob[];
  total: number;
  /** A Jobs page window (from, to) holding every imported job, or null when there is none. */
  window: { from: string; to: string } | null;
  /** The console's cost of all the imported jobs (reported where given, else priced by the table). */
  cost_usd: number;
  /** Usage events with neither a reported cost nor a price. */
  unpriced_usage_events: number;
};

export async function importedJobs({
  db,
  projectId,
  externalIds,
}: {
  db: DbOrTx;
  projectId: string;
  externalIds: Iterable<string>;
}): Promise<ImportedJobs> {
  const ids = [...new Set(externalIds)];
  if (ids.length === 0) return { jobs: [], total: 0, window: null, cost_usd: 0, unpriced_usage_events: 0 };
  const rows: {
    id: string;
    externalId: string;
    title: string | null;
    sortAt: Date;
    endAt: Date;
    costUsd: string | null;
    unpriced: number;
  }[] = [];
  // a few thousand ids per query keeps each statement small
  for (let i = 0; i < ids.length; i += 5000) {
    rows.push(
      ...(await db
        .select({
          id: job.id,
          externalId: job.externalId,
          title: job.title,
          sortAt: sql<Date>`${job.sortAt}`.mapWith((v: string | Date) => new Date(v)),
          endAt: sql<Date>`coalesce(${job.endedAt}, ${job.lastEventAt})`.mapWith(
            (v: string | Date) => new Date(v),
          ),
          costUsd: job.costUsd,
          unpriced: job.unpricedUsageEvents,
        })
        .from(job)
        .where(and(eq(job.projectId, projectId), inArray(job.externalId, ids.slice(i, i + 5000))))),
    );
  }
  rows.sort((a, b) => b.sortAt.getTime() - a.sortAt.getTime() || a.externalId.localeCompare(b.externalId));
  const from = Math.min(...rows.map((r) => r.sortAt.getTime()));
  const to = Math.max(...rows.map((r) => r.endAt.getTime()));
  return {
    jobs: rows.slice(0, IMPORT_JOBS_LISTED).map((r) => ({
      id: r.id,
      external_id: r.externalId,
      title: r.title,
      started_at: r.sortAt.toISOString(),
      cost_usd: r.costUsd == null ? null : Number(r.costUsd),
    })),
    total: rows.length,
    // the Jobs page lists jobs by start: a minute either side keeps the edges in
    window: rows.length
      ? { from: new Date(from - 60_000).toISOString(), to: new Date(to + 60_000).toISOString() }
      : null,
    cost_usd: rows.reduce((sum, r) => sum + (r.costUsd == null ? 0 : Number(r.costUsd)), 0),
    unpriced_usage_events: rows.reduce((sum, r) => sum + r.unpriced, 0),
  };
}
