// The SQL behind a standup's "Blocked" and "Next": stalled jobs, permission waits, waiting agents, queued jobs
// and the open issues an agent carries from the days before. Projections only; every list bounded in SQL.
import { sql } from "drizzle-orm";
import { AGENT, agentIn, COST, iso, type JobRow, run, type Scope, ts } from "./facts-queries";
import { LIMITS } from "./types";

/** Running jobs with no event since `before`, that had started by the day's end; the oldest first. */
export function stalledJobs(s: Scope, before: Date) {
  return run<JobRow & { total: number }>(
    s.db,
    sql`select * from (
      select ${AGENT} as agent, j.id, j.external_id, j.title, ${iso("j.last_event_at")} as at, ${COST} as cost,
        row_number() over (partition by ${AGENT} order by j.last_event_at, j.id) as rn,
        count(*) over (partition by ${AGENT})::int as total
      from job j
      where j.project_id = ${s.projectId} and j.status = 'running' and j.last_event_at < ${ts(before)}
        and j.first_event_at < ${ts(s.end)} and ${agentIn(AGENT, s.agents)}
    ) x where rn <= ${LIMITS.stalled} order by agent, rn`,
  );
}

/**
 * What a runner logs when an agent waits for a person's approval: Claude Code's permission prompt
 * ("Claude needs your permission to use Bash"), its PermissionRequest hook, and similar wording.
 * ("permission denied" errors do not match.)
 */
const PERMISSION_REQUEST =
  "needs? (your )?permission|permission[ _-]?(request|prompt)|waiting for (your )?(permission|approval)|approval required";

/**
 * Running jobs whose last transcript entry before the day's end is a permission request. transcript_entry is
 * partitioned by project and day: the entries are read from the partitions between the first event of the oldest
 * of these jobs (a job's entries are its events, none before its first) and the day's end, named as constants so
 * that the planner prunes the other partitions (planning them all cost more than the query, ~20 ms at 73 days).
 */
export async function permissionWaits(s: Scope) {
  const running = sql`j.project_id = ${s.projectId} and j.status = 'running' and j.first_event_at < ${ts(s.end)}
    and ${agentIn(AGENT, s.agents)}`;
  const [oldest] = await run<{ since: string | null }>(
    s.db,
    sql`select ${iso("date_trunc('second', min(j.first_event_at))")} as since from job j where ${running}`,
  );
  if (!oldest?.since) return [];
  return run<JobRow & { message: string }>(
    s.db,
    sql`select ${AGENT} as agent, j.id, j.external_id, j.title, ${iso("e.time")} as at, ${COST} as cost,
      e.text as message
    from job j
    cross join lateral (
      select t.kind, t.text, t.time from transcript_entry t
      where t.project_id = ${s.projectId} and t.job_id = j.id
        and t.time >= ${ts(new Date(oldest.since))} and t.time < ${ts(s.end)}
      order by t.time desc, t.seq desc nulls last, t.event_id desc limit 1
    ) e
    where ${running} and e.kind = 'log' and e.text ~* ${PERMISSION_REQUEST}
    order by e.time limit ${LIMITS.agents * LIMITS.waiting}`,
  );
}

/** Agents whose last heartbeat, between `from` and `to`, said "waiting"; with the job it named. */
export function waitingAgents(s: Scope, from: Date, to: Date) {
  return run<{
    agent: string;
    since: string;
    job_id: string | null;
    external_id: string | null;
    title: string | null;
    cost: number | null;
  }>(
    s.db,
    sql`select a.name as agent, ${iso("a.last_heartbeat_at")} as since, j.id as job_id, j.external_id, j.title,
      ${COST} as cost
    from agent a
    left join job j on j.project_id = a.project_id and j.external_id = a.current_job_external_id
    where a.project_id = ${s.projectId} and a.status = 'waiting'
      and a.last_heartbeat_at >= ${ts(from)} and a.last_heartbeat_at <= ${ts(to)}
      and ${agentIn(sql.raw("a.name"), s.agents)}
    order by a.name limit ${LIMITS.agents * 10}`,
  );
}

/** Jobs still queued that were queued by the day's end, the oldest first. */
export function queuedJobs(s: Scope) {
  return run<JobRow & { total: number }>(
    s.db,
    sql`select * from (
      select ${AGENT} as agent, j.id, j.external_id, j.title, ${iso("coalesce(j.queued_at, j.first_event_at)")} as at,
        ${COST} as cost,
        row_number() over (partition by ${AGENT} order by coalesce(j.queued_at, j.first_event_at), j.id) as rn,
        count(*) over (partition by ${AGENT})::int as total
      from job j
      where j.project_id = ${s.projectId} and j.status = 'queued'
        and coalesce(j.queued_at, j.first_event_at) < ${ts(s.end)} and ${agentIn(AGENT, s.agents)}
    ) x where rn <= ${LIMITS.queued} order by agent, rn`,
  );
}

/**
 * Open issues each agent hit in the 7 days before (from `weekStart`) but not in the day itself:
 * regressed first, then the most recently hit.
 */
export function carriedIssues(s: Scope, weekStart: Date) {
  return run<{
    agent: string;
    id: string;
    title: string;
    cls: string;
    state: string;
    last_hit: string;
    events: number;
    assignee: string | null;
  }>(
    s.db,
    sql`with hits as (
      select ${AGENT} as agent, coalesce(c.merged_into_id, c.id) as issue_id, max(j.ended_at) as last_hit,
        bool_or(j.ended_at >= ${ts(s.start)}) as today
      from job j join failure_issue c on c.id = j.failure_issue_id
      where j.project_id = ${s.projectId} and j.status = 'failed'
        and j.ended_at >= ${ts(weekStart)} and j.ended_at < ${ts(s.end)} and ${agentIn(AGENT, s.agents)}
      group by 1, 2
    )
    select * from (
      select h.agent, o.id, o.title, o.failure_class as cls, o.state, ${iso("h.last_hit")} as last_hit,
        o.event_count as events, u.name as assignee,
        row_number() over (partition by h.agent order by (o.state = 'regressed') desc, h.last_hit desc, o.id) as rn
      from hits h
      join failure_issue o on o.id = h.issue_id
      left join "user" u on u.id = o.assignee_id
      where not h.today and o.state in ('new', 'ongoing', 'regressed')
    ) x where rn <= ${LIMITS.openIssues} order by agent, rn`,
  );
}
