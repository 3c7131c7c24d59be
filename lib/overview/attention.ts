// "Needs attention" on the Overview: what is wrong right now, whatever the range; firing incidents first.
import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { agent, failureIssue, job } from "@/db/schema";
import { firingIncidents } from "@/lib/alerts/board-queries";
import { listBudgetStatuses } from "@/lib/costs/budgets";
import { hourOf } from "@/lib/costs/rollup";
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
 * (job events need not name the agent). Jobs quiet since before `since` are not looked at; neither are the jobs of
 * an agent heard of itself at or after `onlineSince`: whatever they say, it is not offline (its activity is then
 * its own, which is all the callers need of an online agent).
 */
function agentActivity(projectId: string, since: Date, onlineSince: Date) {
  // The index holds the hour of each job's last event (db/schema/fleet.ts): one probe for the agent's latest
  // hour, then the latest event among that hour's jobs.
  const mine = sql`${job.projectId} = ${projectId} and ${job.agentName} = ${agent.name}`;
  const latestHour = sql`(select max(${job.lastEventHour}) from ${job} where ${mine} and ${job.lastEventHour} >= ${ts(hourOf(since))})`;
  const own = sql`greatest(${agent.lastSeenAt}, ${agent.lastHeartbeatAt})`;
  return sql<string>`case when ${own} >= ${ts(onlineSince)} then ${own} else greatest(${own}, (select max(${job.lastEventAt}) from ${job} where ${mine} and ${job.lastEventHour} = ${latestHour} and ${job.lastEventAt} >= ${ts(since)})) end`;
}

/**
 * The project's agents (name, status) with their last activity (agentActivity) as `at`, each computed once: a
 * subquery for FROM, which OFFSET 0 keeps apart (PostgreSQL would merge it into the outer query and copy the
 * activity's subqueries into each place that reads `at`).
 */
export function agentsWithActivity(projectId: string, since: Date, onlineSince: Date) {
  return sql`(select ${agent.name} as name, ${agent.status} as status, ${agentActivity(projectId, since, onlineSince)} as at
    from ${agent} where ${agent.projectId} = ${projectId} offset 0) seen`;
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
  const onlineSince = new Date(now.getTime() - offlineMs);
  const rows = rowsOf<{ name: string; at: string; total: number }>(
    await db.execute(sql`
      select name, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, (count(*) over ())::int as total
      from ${agentsWithActivity(projectId, windowStart, onlineSince)}
      where at < ${ts(onlineSince)} and at >= ${ts(windowStart)}
      order by seen.at desc, name
      limit ${limit}`),
  );
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
