// "Needs attention" on the Overview: what is wrong right now, whatever the range; firing incidents first.
import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { agent, failureIssue, job } from "@/db/schema";
import { firingIncidents } from "@/lib/alerts/board-queries";
import { listBudgetStatuses } from "@/lib/costs/budgets";
import { getProjectSettings } from "@/lib/projects/queries";
import { ATTENTION_LIMIT, type Overview } from "./schemas";

/** Agents silent for longer than this are retired, not offline: they no longer count as needing attention. */
export const OFFLINE_WINDOW_MS = 7 * 86_400_000;

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export async function thresholds(db: DbOrTx, projectId: string) {
  const p = await getProjectSettings({ db, projectId });
  return { stallMs: p.stallAfterSeconds * 1000, offlineMs: p.offlineAfterSeconds * 1000 };
}

/**
 * When an agent was last heard of: its latest heartbeat or event, or the latest event of one of its jobs
 * (job events need not name the agent). Jobs quiet since before `since` are not looked at.
 */
export function agentActivity(projectId: string, since: Date) {
  return sql<string>`greatest(${agent.lastSeenAt}, ${agent.lastHeartbeatAt}, (select max(${job.lastEventAt}) from ${job} where ${job.projectId} = ${projectId} and ${job.agentName} = ${agent.name} and ${job.lastEventAt} >= ${ts(since)}))`;
}

/**
 * Agents silent (no heartbeat, no event of theirs or of their jobs) for longer than the project's offline time,
 * but seen within OFFLINE_WINDOW_MS. Newest silence first, with the total.
 */
export async function offlineAgents({
  db,
  projectId,
  offlineMs,
  now,
  limit = ATTENTION_LIMIT,
}: {
  db: DbOrTx;
  projectId: string;
  offlineMs: number;
  now: Date;
  limit?: number;
}) {
  const windowStart = new Date(now.getTime() - OFFLINE_WINDOW_MS);
  const activity = agentActivity(projectId, windowStart);
  const rows = await db
    .select({
      name: agent.name,
      at: sql<string>`to_char(${activity} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(agent)
    .where(
      and(
        eq(agent.projectId, projectId),
        sql`${activity} < ${ts(new Date(now.getTime() - offlineMs))}`,
        sql`${activity} >= ${ts(windowStart)}`,
      ),
    )
    .orderBy(desc(activity), agent.name)
    .limit(limit);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({ name: r.name, last_activity_at: r.at })),
  };
}

export async function getAttention({
  db,
  projectId,
  now,
}: {
  db: DbOrTx;
  projectId: string;
  now: Date;
}): Promise<Overview["attention"]> {
  const { stallMs, offlineMs } = await thresholds(db, projectId);
  const issues = await db
    .select({
      id: failureIssue.id,
      title: failureIssue.title,
      failure_class: failureIssue.failureClass,
      state: failureIssue.state,
      events: failureIssue.eventCount,
      lastSeen: failureIssue.lastSeenAt,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(failureIssue)
    .where(
      and(
        eq(failureIssue.projectId, projectId),
        inArray(failureIssue.state, ["regressed", "new"]),
        isNull(failureIssue.mergedIntoId),
      ),
    )
    .orderBy(sql`(${failureIssue.state} = 'regressed') desc`, desc(failureIssue.lastSeenAt))
    .limit(ATTENTION_LIMIT);
  const stalled = await db
    .select({
      id: job.id,
      externalId: job.externalId,
      title: job.title,
      agent: job.agentName,
      lastEventAt: job.lastEventAt,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, projectId),
        eq(job.status, "running"),
        lt(job.lastEventAt, new Date(now.getTime() - stallMs)),
      ),
    )
    .orderBy(desc(job.lastEventAt), desc(job.id))
    .limit(ATTENTION_LIMIT);
  const offline = await offlineAgents({ db, projectId, offlineMs, now });
  const budgets = await listBudgetStatuses({ db, projectId, now });
  const incidents = await firingIncidents({ db, projectId, limit: ATTENTION_LIMIT });
  return {
    incidents,
    issues: {
      total: issues[0]?.total ?? 0,
      items: issues.map((i) => ({
        id: i.id,
        title: i.title,
        failure_class: i.failure_class,
        state: i.state,
        events: i.events,
        last_seen: i.lastSeen.toISOString(),
      })),
    },
    stalled_jobs: {
      total: stalled[0]?.total ?? 0,
      items: stalled.map((j) => ({
        id: j.id,
        external_id: j.externalId,
        title: j.title,
        agent: j.agent,
        last_event_at: j.lastEventAt.toISOString(),
      })),
    },
    offline_agents: offline,
    // Budgets heading over (forecast) as well as those past their warning level or amount.
    budgets: budgets
      .flatMap((b) => (b.status === "ok" ? [] : [{ ...b, status: b.status }]))
      .sort((a, b) => b.percent - a.percent || b.forecastUsd / b.amountUsd - a.forecastUsd / a.amountUsd)
      .slice(0, ATTENTION_LIMIT * 2)
      .map((b) => ({
        id: b.id,
        name: b.name,
        state: b.state,
        status: b.status,
        forecast_usd: b.forecastUsd,
        percent: b.percent,
        spent_usd: b.spentUsd,
        amount_usd: b.amountUsd,
        period: b.period,
      })),
  };
}
