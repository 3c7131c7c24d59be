// The rows of Settings > Projects: every live project with its job count (a project holds a handful of rows
// here, so one grouped count over the job index is cheap next to the page's other queries).
import { asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { job, project } from "@/db/schema";
import { isLive } from "./queries";

export type ProjectRow = { id: string; slug: string; name: string; createdAt: Date; jobs: number };

export async function listProjectRows({ db }: { db: DbOrTx }): Promise<ProjectRow[]> {
  const jobs = db
    .select({ projectId: job.projectId, n: count().as("n") })
    .from(job)
    .groupBy(job.projectId)
    .as("jobs");
  const rows = await db
    .select({
      id: project.id,
      slug: project.slug,
      name: project.name,
      createdAt: project.createdAt,
      n: jobs.n,
    })
    .from(project)
    .leftJoin(jobs, eq(jobs.projectId, project.id))
    .where(isLive)
    .orderBy(asc(project.createdAt), asc(project.slug));
  return rows.map(({ n, ...r }) => ({ ...r, jobs: Number(n ?? 0) }));
}
