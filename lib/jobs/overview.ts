// Figures for the Overview page.
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { agent, job, project } from "@/db/schema";
import { toJobSummary } from "./queries";

export async function getOverview({
  db,
  projectId,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  now?: Date;
}) {
  const since = new Date(now.getTime() - 86_400_000);
  const [p] = await db
    .select({ s: project.stallAfterSeconds })
    .from(project)
    .where(eq(project.id, projectId));
  const stallMs = (p?.s ?? 900) * 1000;
  const [counts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      succeeded: sql<number>`count(*) filter (where ${job.status} = 'succeeded')::int`,
      failed: sql<number>`count(*) filter (where ${job.status} = 'failed')::int`,
      running: sql<number>`count(*) filter (where ${job.status} = 'running')::int`,
      stalled: sql<number>`count(*) filter (where ${job.status} = 'running' and ${job.lastEventAt} < ${new Date(now.getTime() - stallMs).toISOString()}::timestamptz)::int`,
      cost: sql<string | null>`sum(coalesce(${job.reportedCostUsd}, ${job.computedCostUsd}))`,
    })
    .from(job)
    .where(and(eq(job.projectId, projectId), gte(job.lastEventAt, since)));
  const [agents] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(agent)
    .where(and(eq(agent.projectId, projectId), gte(agent.lastSeenAt, since)));
  const recentFailures = await db
    .select()
    .from(job)
    .where(and(eq(job.projectId, projectId), eq(job.status, "failed")))
    .orderBy(desc(job.sortAt))
    .limit(5);
  const finished = (counts?.succeeded ?? 0) + (counts?.failed ?? 0);
  return {
    jobs24h: counts?.total ?? 0,
    running: counts?.running ?? 0,
    stalled: counts?.stalled ?? 0,
    successRate: finished > 0 ? (counts?.succeeded ?? 0) / finished : null,
    failed24h: counts?.failed ?? 0,
    spend24h: counts?.cost == null ? null : Number(counts.cost),
    activeAgents: agents?.n ?? 0,
    recentFailures: recentFailures.map((r) => toJobSummary(r, stallMs / 1000, now.getTime())),
  };
}
