// Named queries of the agents domain. Every function takes one params object with the project id.
// Statuses are derived in status.ts from facts loaded here: agents, their running jobs, today's jobs and usage.
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { agent, job, usageHourly } from "@/db/schema";
import { hourFloor } from "@/lib/costs/spend";
import { toJobSummary } from "@/lib/jobs/queries";
import { getProjectSettings } from "@/lib/projects/queries";
import { startOfDay } from "@/lib/time/zone";
import {
  type AgentDetail,
  type AgentLive,
  type AgentsPage,
  RECENT_JOBS,
  type Settings,
  settingsOut,
  statusFields,
} from "./schemas";
import { AGENT_STATUSES, type AgentStatus, compareByAttention, deriveStatus } from "./status";

const hbJob = alias(job, "hb_job");
const maxTime = (c: typeof job.lastEventAt) => sql<Date | null>`max(${c})`.mapWith(job.lastEventAt);
const latest = (...dates: (Date | null | undefined)[]) =>
  new Date(Math.max(...dates.map((d) => d?.getTime() ?? 0)));
const byName = <T extends { name: string | null }>(rows: T[]) => new Map(rows.map((r) => [r.name ?? "", r]));

/** Agent rows: the named ones, or the most recently seen `limit` plus every agent with a running job. */
async function agentRows(db: DbOrTx, projectId: string, names: string[] | null, limit: number) {
  const where: SQL[] = [eq(agent.projectId, projectId)];
  if (names) where.push(inArray(agent.name, names));
  else {
    const recent = db
      .select({ name: agent.name })
      .from(agent)
      .where(eq(agent.projectId, projectId))
      .orderBy(desc(agent.lastSeenAt), agent.name)
      .limit(limit);
    const withRunningJob = db
      .selectDistinct({ name: job.agentName })
      .from(job)
      .where(and(eq(job.projectId, projectId), eq(job.status, "running"), isNotNull(job.agentName)))
      .orderBy(job.agentName)
      .limit(limit);
    where.push(or(inArray(agent.name, recent), inArray(agent.name, withRunningJob)) as SQL);
  }
  return db
    .select({
      agent,
      hbJob: {
        id: hbJob.id,
        externalId: hbJob.externalId,
        title: hbJob.title,
        status: hbJob.status,
        startedAt: hbJob.startedAt,
        lastEventAt: hbJob.lastEventAt,
        endedAt: hbJob.endedAt,
      },
    })
    .from(agent)
    .leftJoin(
      hbJob,
      and(eq(hbJob.projectId, agent.projectId), eq(hbJob.externalId, agent.currentJobExternalId)),
    )
    .where(and(...where));
}

async function loadLive({
  db,
  projectId,
  names,
  limit,
  now,
  settings,
}: {
  db: DbOrTx;
  projectId: string;
  names: string[] | null;
  limit: number;
  now: Date;
  settings: Settings;
}): Promise<{ agents: AgentLive[]; dayStart: Date }> {
  const dayStart = startOfDay(now, settings.timezone);
  const stallCut = new Date(now.getTime() - settings.stallAfterSeconds * 1000);
  const endedCut = new Date(now.getTime() - settings.offlineAfterSeconds * 1000);
  const mine = (c: typeof job.agentName | typeof usageHourly.agentName) =>
    names ? inArray(c, names) : isNotNull(c);
  const running = and(eq(job.projectId, projectId), eq(job.status, "running"), mine(job.agentName));

  const [rows, runningStats, newestRunning, today, ended, spend] = await Promise.all([
    agentRows(db, projectId, names, limit),
    db
      .select({
        name: job.agentName,
        n: sql<number>`count(*)::int`,
        stalled: sql<number>`count(*) filter (where ${job.lastEventAt} < ${stallCut.toISOString()}::timestamptz)::int`,
        stalledSince:
          sql<Date | null>`min(${job.lastEventAt}) filter (where ${job.lastEventAt} < ${stallCut.toISOString()}::timestamptz)`.mapWith(
            job.lastEventAt,
          ),
        last: maxTime(job.lastEventAt),
      })
      .from(job)
      .where(running)
      .groupBy(job.agentName),
    db
      .selectDistinctOn([job.agentName], {
        name: job.agentName,
        id: job.id,
        externalId: job.externalId,
        title: job.title,
        startedAt: job.startedAt,
        lastEventAt: job.lastEventAt,
      })
      .from(job)
      .where(running)
      .orderBy(job.agentName, desc(job.sortAt), desc(job.id)),
    db
      .select({
        name: job.agentName,
        jobs: sql<number>`count(*)::int`,
        succeeded: sql<number>`count(*) filter (where ${job.status} = 'succeeded')::int`,
        failed: sql<number>`count(*) filter (where ${job.status} = 'failed')::int`,
        last: maxTime(job.lastEventAt),
      })
      .from(job)
      .where(and(eq(job.projectId, projectId), gte(job.sortAt, dayStart), mine(job.agentName)))
      .groupBy(job.agentName),
    // Jobs that ended recently: their last events may not name the agent, but they show it was alive.
    db
      .select({ name: job.agentName, last: maxTime(job.lastEventAt) })
      .from(job)
      .where(and(eq(job.projectId, projectId), gte(job.endedAt, endedCut), mine(job.agentName)))
      .groupBy(job.agentName),
    // Spend since the start of today, in whole UTC hours as everywhere (lib/costs/spend.ts): in a zone with a
    // half-hour offset the day counts from the hour it starts in, as its budgets do.
    db
      .select({
        name: usageHourly.agentName,
        cost: sql<string>`sum(${usageHourly.costUsd})`,
        priced: sql<number>`sum(${usageHourly.usageEvents} - ${usageHourly.unpricedEvents})::int`,
      })
      .from(usageHourly)
      .where(
        and(
          eq(usageHourly.projectId, projectId),
          gte(usageHourly.hour, hourFloor(dayStart)),
          mine(usageHourly.agentName),
        ),
      )
      .groupBy(usageHourly.agentName),
  ]);
  const runningBy = byName(runningStats);
  const newestBy = byName(newestRunning);
  const todayBy = byName(today);
  const endedBy = byName(ended);
  const spendBy = byName(spend);
  const t = {
    stallAfterSeconds: settings.stallAfterSeconds,
    offlineAfterSeconds: settings.offlineAfterSeconds,
  };

  const derived = rows.map(({ agent: a, hbJob: hb }) => {
    const r = runningBy.get(a.name);
    const d = todayBy.get(a.name);
    const hbRunning = hb?.status === "running" ? hb : null;
    const runningJob = hbRunning ?? newestBy.get(a.name) ?? null;
    const lastActivityAt = latest(
      a.lastSeenAt,
      a.lastHeartbeatAt,
      r?.last,
      d?.last,
      endedBy.get(a.name)?.last,
    );
    const facts = {
      heartbeat:
        a.lastHeartbeatAt && a.status
          ? { at: a.lastHeartbeatAt, status: a.status, job: a.currentJobExternalId }
          : null,
      heartbeatJobEnded: hb?.endedAt != null,
      runningJob,
      lastActivityAt,
      stalled: { jobs: r?.stalled ?? 0, quietSince: r?.stalledSince ?? null },
      today: { succeeded: d?.succeeded ?? 0, failed: d?.failed ?? 0 },
    };
    return { name: a.name, a, r, d, lastActivityAt, derived: deriveStatus(facts, t, now) };
  });
  derived.sort(compareByAttention);

  const agents = derived.map(({ name, a, r, d, lastActivityAt, derived: s }): AgentLive => {
    const spent = spendBy.get(name);
    const ended = (d?.succeeded ?? 0) + (d?.failed ?? 0);
    return {
      name,
      ...statusFields(s),
      heartbeat_status: a.status,
      running_jobs: r?.n ?? 0,
      role: a.role,
      host: a.host,
      version: a.version,
      first_seen_at: a.firstSeenAt.toISOString(),
      last_heartbeat_at: a.lastHeartbeatAt?.toISOString() ?? null,
      last_event_at: lastActivityAt.toISOString(),
      today: {
        jobs: d?.jobs ?? 0,
        succeeded: d?.succeeded ?? 0,
        failed: d?.failed ?? 0,
        success_rate: ended > 0 ? (d?.succeeded ?? 0) / ended : null,
        spend_usd: spent && spent.priced > 0 ? Number(spent.cost) : null,
      },
    };
  });
  return { agents, dayStart };
}

/** Every agent (up to `limit`) with its live status, sorted by what needs attention first. */
export async function listAgents({
  db,
  projectId,
  status,
  limit = 500,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  status?: AgentStatus;
  limit?: number;
  now?: Date;
}): Promise<AgentsPage> {
  const settings = await getProjectSettings({ db, projectId });
  const [{ agents, dayStart }, [count]] = await Promise.all([
    loadLive({ db, projectId, names: null, limit, now, settings }),
    db.select({ n: sql<number>`count(*)::int` }).from(agent).where(eq(agent.projectId, projectId)),
  ]);
  const counts = Object.fromEntries(AGENT_STATUSES.map((s) => [s, 0])) as Record<AgentStatus, number>;
  for (const a of agents) counts[a.status] += 1;
  const total = count?.n ?? 0;
  return {
    agents: status ? agents.filter((a) => a.status === status) : agents,
    counts,
    with_stalled_jobs: agents.filter((a) => a.stalled_jobs > 0).length,
    total,
    truncated: total > agents.length,
    now: now.toISOString(),
    day_start: dayStart.toISOString(),
    settings: settingsOut(settings),
  };
}

/** One agent's live status and its latest jobs; null when the project has no agent of that name. */
export async function getAgent({
  db,
  projectId,
  name,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  name: string;
  now?: Date;
}): Promise<AgentDetail | null> {
  const settings = await getProjectSettings({ db, projectId });
  const { agents, dayStart } = await loadLive({ db, projectId, names: [name], limit: 1, now, settings });
  const live = agents[0];
  if (!live) return null;
  const mine = and(eq(job.projectId, projectId), eq(job.agentName, name));
  const stallCut = new Date(now.getTime() - settings.stallAfterSeconds * 1000);
  const [jobs, stalled] = await Promise.all([
    db.select().from(job).where(mine).orderBy(desc(job.sortAt), desc(job.id)).limit(RECENT_JOBS),
    live.stalled_jobs > 0
      ? db
          .select()
          .from(job)
          .where(and(mine, eq(job.status, "running"), lt(job.lastEventAt, stallCut)))
          .orderBy(asc(job.lastEventAt), asc(job.id))
          .limit(RECENT_JOBS)
      : [],
  ]);
  const summary = (r: typeof job.$inferSelect) => toJobSummary(r, settings.stallAfterSeconds, now.getTime());
  return {
    agent: live,
    recent_jobs: jobs.map(summary),
    stalled: stalled.map(summary),
    now: now.toISOString(),
    day_start: dayStart.toISOString(),
    settings: settingsOut(settings),
  };
}
