// The SQL behind a standup's facts: jobs, failure issues, agents and hourly usage of one project and day.
// Read from the projections only (never the raw event table). Every per-agent list is bounded in SQL.
import { type SQL, sql } from "drizzle-orm";
import { executePrepared, rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import type { JobArtifact } from "@/db/schema";
import { hourFloor } from "@/lib/costs/spend";
import { usageSource } from "@/lib/rollups/usage-daily";
import { LIMITS } from "./types";

/** One project and day; `agents` narrows every query to those agents ("" is the jobs without an agent). */
export type Scope = {
  db: DbOrTx;
  projectId: string;
  start: Date;
  end: Date;
  agents: string[] | null;
};

export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
/** A timestamp as an ISO string (raw SQL rows carry timestamps as driver-formatted text otherwise). */
export const iso = (col: string) =>
  sql.raw(`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
export const AGENT = sql.raw("coalesce(j.agent_name, '')");
export const COST = sql.raw("coalesce(j.cost_usd, j.reported_cost_usd, j.computed_cost_usd)::float8");

export function agentIn(col: SQL, agents: string[] | null): SQL {
  if (agents === null) return sql`true`;
  if (agents.length === 0) return sql`false`;
  return sql`${col} in (${sql.join(
    agents.map((a) => sql`${a}`),
    sql`, `,
  )})`;
}

/**
 * Runs a facts query prepared (db/bulk.ts executePrepared): a standup runs the same dozen texts every time (an
 * agent list makes one text per list length, at most LIMITS.agents), so each connection parses them once.
 */
export async function run<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await executePrepared(db, query));
}

export type JobRow = {
  agent: string;
  id: string;
  external_id: string;
  title: string | null;
  at: string;
  cost: number | null;
};

/** Finished jobs per agent and status (ended in the day). */
export function finishedCounts(s: Scope) {
  return run<{ agent: string; succeeded: number; failed: number; cancelled: number }>(
    s.db,
    sql`select ${AGENT} as agent,
      count(*) filter (where j.status = 'succeeded')::int as succeeded,
      count(*) filter (where j.status = 'failed')::int as failed,
      count(*) filter (where j.status = 'cancelled')::int as cancelled
    from job j
    where j.project_id = ${s.projectId} and j.ended_at >= ${ts(s.start)} and j.ended_at < ${ts(s.end)}
      and ${agentIn(AGENT, s.agents)}
    group by 1`,
  );
}

/**
 * Succeeded jobs of the day, the first LIMITS.done of each of `agents` in the order they finished: per agent, the
 * first rows of job_project_done_agent_idx (project, agent, end time), so only the jobs shown are read, not every
 * job of the day sorted (a fleet day at 200 agents: ~1,500 rows read instead of ~4,000 read and sorted).
 */
export function doneJobs(s: Scope & { agents: string[] }) {
  const names = sql.join(
    s.agents.map((a) => sql`${a}`),
    sql`, `,
  );
  return run<JobRow & { artifacts: JobArtifact[] | null }>(
    s.db,
    sql`select a.agent, d.id, d.external_id, d.title, d.at, d.cost, d.artifacts
    from unnest(array[${names}]::text[]) as a(agent)
    cross join lateral (
      select j.id, j.external_id, j.title, ${iso("j.ended_at")} as at, ${COST} as cost, j.artifacts, j.ended_at
      from job j
      where j.project_id = ${s.projectId} and j.status = 'succeeded' and ${AGENT} = a.agent
        and j.ended_at >= ${ts(s.start)} and j.ended_at < ${ts(s.end)}
      order by j.ended_at, j.id limit ${LIMITS.done}
    ) d
    order by a.agent, d.ended_at, d.id`,
  );
}

// Failed jobs are grouped by the issue they count into (an issue merged into another: that one), else by
// class; each agent's groups are ranked (most failures first) and only the first LIMITS.failureGroups kept.
function failedCte(s: Scope): SQL {
  const cls = sql.raw("coalesce(o.failure_class, j.failure_class, 'unknown')");
  return sql`with f as (
      select ${AGENT} as agent, o.id as issue_id, ${cls} as cls, j.id, j.external_id, j.title, j.ended_at,
        ${COST} as cost, o.title as issue_title, o.state, o.first_seen_at
      from job j
      left join failure_issue c on c.id = j.failure_issue_id
      left join failure_issue o on o.id = coalesce(c.merged_into_id, c.id)
      where j.project_id = ${s.projectId} and j.status = 'failed'
        and j.ended_at >= ${ts(s.start)} and j.ended_at < ${ts(s.end)} and ${agentIn(AGENT, s.agents)}
    ), g as (
      select agent, issue_id, cls, count(*)::int as n, min(issue_title) as title, min(state) as state,
        min(first_seen_at) as first_seen_at,
        row_number() over (partition by agent order by count(*) desc, cls, issue_id) as rank,
        count(*) over (partition by agent)::int as groups
      from f group by agent, issue_id, cls
    )`;
}

export type FailureGroupRow = {
  agent: string;
  issue_id: string | null;
  cls: string;
  n: number;
  title: string | null;
  state: string | null;
  first_seen: string | null;
  /** How many groups the agent has in all. */
  groups: number;
};

export type FailedJobRow = JobRow & { issue_id: string | null; cls: string };

/**
 * Failures of the day per agent, issue and class (the first LIMITS.failureGroups of each agent, with the issue's
 * title, state and first sighting), and the latest LIMITS.jobsPerGroup failed jobs of each: one statement, so
 * the failed jobs are read and grouped once. Groups come in rank order per agent, each group's jobs latest first.
 */
export async function failures(s: Scope): Promise<{ groups: FailureGroupRow[]; jobs: FailedJobRow[] }> {
  const rows = await run<
    FailedJobRow & Omit<FailureGroupRow, "title"> & { issue_title: string | null; rn: number }
  >(
    s.db,
    sql`${failedCte(s)}
    select * from (
      select f.agent, f.issue_id, f.cls, f.id, f.external_id, f.title, ${iso("f.ended_at")} as at, f.cost,
        g.n, g.title as issue_title, g.state, ${iso("g.first_seen_at")} as first_seen, g.groups, g.rank,
        row_number() over (partition by f.agent, f.issue_id, f.cls order by f.ended_at desc, f.id)::int as rn
      from f join g on g.agent = f.agent and g.issue_id is not distinct from f.issue_id and g.cls = f.cls
      where g.rank <= ${LIMITS.failureGroups}
    ) x where rn <= ${LIMITS.jobsPerGroup} order by agent, rank, rn`,
  );
  const groups: FailureGroupRow[] = [];
  const jobs: FailedJobRow[] = [];
  for (const r of rows) {
    // a group's first row (every group kept has at least one job)
    if (r.rn === 1) {
      groups.push({
        agent: r.agent,
        issue_id: r.issue_id,
        cls: r.cls,
        n: r.n,
        title: r.issue_title,
        state: r.state,
        first_seen: r.first_seen,
        groups: r.groups,
      });
    }
    jobs.push({
      agent: r.agent,
      issue_id: r.issue_id,
      cls: r.cls,
      id: r.id,
      external_id: r.external_id,
      title: r.title,
      at: r.at,
      cost: r.cost,
    });
  }
  return { groups, jobs };
}

/** Failed jobs of the day per class (the fleet's top classes). */
export function failureClasses(s: Scope) {
  return run<{ cls: string; n: number }>(
    s.db,
    sql`select coalesce(j.failure_class, 'unknown') as cls, count(*)::int as n
    from job j
    where j.project_id = ${s.projectId} and j.status = 'failed'
      and j.ended_at >= ${ts(s.start)} and j.ended_at < ${ts(s.end)} and ${agentIn(AGENT, s.agents)}
    group by 1 order by n desc, cls limit ${LIMITS.topClasses}`,
  );
}

type IssueRow = { id: string; title: string; cls: string; state: string };

/** Issues first seen in the day (not merged into another), most failures first, and how many in all. */
export async function newIssues(s: Scope) {
  const where = sql`i.project_id = ${s.projectId} and i.merged_into_id is null
    and i.first_seen_at >= ${ts(s.start)} and i.first_seen_at < ${ts(s.end)}`;
  const rows = await run<IssueRow & { total: number }>(
    s.db,
    sql`select i.id, i.title, i.failure_class as cls, i.state, count(*) over ()::int as total
    from failure_issue i where ${where}
    order by i.event_count desc, i.id limit ${LIMITS.fleetIssues}`,
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

/**
 * Issues that regressed in the day: a "regression" in their history whose failure (the job it names)
 * ended in the day. Reported as the issue it was merged into, if any.
 */
export function regressedIssues(s: Scope) {
  return run<IssueRow>(
    s.db,
    sql`select distinct o.id, o.title, o.failure_class as cls, o.state
    from issue_activity a
    join failure_issue c on c.id = a.issue_id
    join failure_issue o on o.id = coalesce(c.merged_into_id, c.id)
    left join job j on j.project_id = a.project_id and j.id = (case
      when a.data->>'job' ~ '^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$' then (a.data->>'job')::uuid end)
    where a.project_id = ${s.projectId} and a.kind = 'regression'
      and coalesce(j.ended_at, a.created_at) >= ${ts(s.start)} and coalesce(j.ended_at, a.created_at) < ${ts(s.end)}
    order by o.id`,
  );
}

export type UsageRow = {
  agent: string;
  cost: number;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
  events: number;
  unpriced: number;
  prior_cost: number;
  prior_tokens: number;
  prior_events: number;
};

/**
 * Hourly usage per agent: the day's totals and the 7 days before (from `weekStart`), in whole UTC hours from the
 * hour the day starts in (spend in range, lib/costs/spend.ts; matters in zones with a half-hour offset). The day
 * is read from usage_hourly, the week before through usageSource (its whole UTC days from usage_daily): the same
 * sums as reading the week's hours one by one, from a seventh of the rows.
 */
export function usage(s: Scope, weekStart: Date) {
  const dayFrom = hourFloor(s.start);
  const sum = (col: string, day: boolean) =>
    sql`coalesce(sum(${sql.raw(col)}) filter (where ${day ? sql`u.in_day` : sql`not u.in_day`}), 0)::float8`;
  const agents = agentIn(sql.raw("agent_name"), s.agents);
  // summed per agent in each part first (exact numeric sums: the same totals as summing the rows at once)
  const sums = sql.raw(
    "agent_name, sum(cost_usd) as cost_usd, sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens, sum(cache_read_tokens) as cache_read_tokens, sum(cache_write_tokens) as cache_write_tokens, sum(usage_events) as usage_events, sum(unpriced_events) as unpriced_events",
  );
  const prior = usageSource([s.projectId], { from: hourFloor(weekStart), to: dayFrom });
  return run<UsageRow>(
    s.db,
    sql`select u.agent_name as agent, ${sum("u.cost_usd", true)} as cost,
      ${sum("u.input_tokens", true)} as input, ${sum("u.output_tokens", true)} as output,
      ${sum("u.cache_read_tokens", true)} as cache_read, ${sum("u.cache_write_tokens", true)} as cache_write,
      ${sum("u.usage_events", true)} as events, ${sum("u.unpriced_events", true)} as unpriced,
      ${sum("u.cost_usd", false)} as prior_cost,
      ${sum("u.input_tokens + u.output_tokens + u.cache_read_tokens + u.cache_write_tokens", false)} as prior_tokens,
      ${sum("u.usage_events", false)} as prior_events
    from (
      select true as in_day, ${sums} from usage_hourly
      where project_id = ${s.projectId} and hour >= ${ts(dayFrom)} and hour < ${ts(s.end)} and ${agents}
      group by agent_name
      union all
      select false, ${sums} from ${prior} where ${agents} group by agent_name
    ) u
    group by 1 order by 1`,
  );
}

/** The project's agents that existed by the day's end (names, roles), alphabetically, and how many. */
export async function knownAgents(s: Scope, cap: number) {
  const where = sql`a.project_id = ${s.projectId} and a.first_seen_at < ${ts(s.end)}
    and ${agentIn(sql.raw("a.name"), s.agents)}`;
  const rows = await run<{ name: string; role: string | null; total: number }>(
    s.db,
    sql`select a.name, a.role, count(*) over ()::int as total from agent a where ${where}
    order by a.name limit ${cap}`,
  );
  return { rows, total: rows[0]?.total ?? 0 };
}
