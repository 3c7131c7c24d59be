// Gathers the facts of one project's day: what each agent finished, what failed (by issue), what is
// blocked, what it spent and what is queued. Two passes: the whole fleet's counts and blockers pick the
// agents worth a standup (bounded), then the details of those agents.
import type { DbOrTx } from "@/db/client";
import { addDays, dayBounds } from "./days";
import * as b from "./facts-blockers";
import * as q from "./facts-queries";
import { type AgentFacts, type Counts, type DayFacts, type IssueRef, LIMITS, type Spend } from "./types";

export type StandupProject = {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  stallAfterSeconds: number;
  offlineAfterSeconds: number;
};

const KNOWN_AGENTS_CAP = 2000;

function toSpend(rows: q.UsageRow[]): Spend | null {
  if (rows.length === 0) return null;
  const total = (f: (r: q.UsageRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const spend: Spend = {
    costUsd: total((r) => r.cost),
    inputTokens: total((r) => r.input),
    outputTokens: total((r) => r.output),
    cacheReadTokens: total((r) => r.cache_read),
    cacheWriteTokens: total((r) => r.cache_write),
    usageEvents: total((r) => r.events),
    unpricedEvents: total((r) => r.unpriced),
    prior: {
      costUsd: total((r) => r.prior_cost),
      tokens: total((r) => r.prior_tokens),
      usageEvents: total((r) => r.prior_events),
    },
  };
  return spend.usageEvents > 0 ? spend : null;
}

const byAgent = <T extends { agent: string }>(rows: T[]) => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.agent);
    if (list) list.push(r);
    else m.set(r.agent, [r]);
  }
  return m;
};

const ref = (r: {
  id: string;
  external_id: string;
  title: string | null;
  at: string;
  cost: number | null;
}) => ({
  id: r.id,
  externalId: r.external_id,
  title: r.title,
  at: r.at,
  costUsd: r.cost,
});

export async function gatherFacts({
  db,
  project,
  day,
  agent = null,
  now = new Date(),
}: {
  db: DbOrTx;
  project: StandupProject;
  day: string;
  agent?: string | null;
  now?: Date;
}): Promise<DayFacts> {
  const { start, end } = dayBounds(day, project.timezone);
  const weekStart = dayBounds(addDays(day, -7), project.timezone).start;
  // Blockers are judged at the day's end, or now for the day in progress.
  const at = new Date(Math.min(now.getTime(), end.getTime()));
  const fleet: q.Scope = { db, projectId: project.id, start, end, agents: agent === null ? null : [agent] };

  const [counts, stalled, waits, waiting, queued, carried, usage, known, classes, fresh, regressed] =
    await Promise.all([
      q.finishedCounts(fleet),
      b.stalledJobs(fleet, new Date(at.getTime() - project.stallAfterSeconds * 1000)),
      b.permissionWaits(fleet),
      b.waitingAgents(fleet, new Date(at.getTime() - project.offlineAfterSeconds * 1000), at),
      b.queuedJobs(fleet),
      b.carriedIssues(fleet, weekStart),
      q.usage(fleet, weekStart),
      q.knownAgents(fleet, KNOWN_AGENTS_CAP),
      q.failureClasses(fleet),
      agent === null ? q.newIssues(fleet) : Promise.resolve(null),
      q.regressedIssues(fleet),
    ]);

  const countsOf = new Map(counts.map((c) => [c.agent, c]));
  const stalledOf = byAgent(stalled);
  const waitsOf = byAgent(waits);
  const waitingOf = new Map(waiting.map((w) => [w.agent, w]));
  const queuedOf = byAgent(queued);
  const carriedOf = byAgent(carried);
  const usageOf = byAgent(usage.filter((u) => u.events > 0 || u.prior_events > 0));

  // Agents with something to report, the most eventful first (a first cut; build.ts orders the standups).
  const score = new Map<string, number>();
  const add = (name: string, n: number) => score.set(name, (score.get(name) ?? 0) + n);
  for (const c of counts) add(c.agent, c.succeeded + c.cancelled + 2 * c.failed);
  for (const [name, rows] of stalledOf) add(name, 3 * (rows[0]?.total ?? 0));
  for (const [name, rows] of waitsOf) add(name, 3 * rows.length);
  for (const name of waitingOf.keys()) add(name, 3);
  for (const [name, rows] of queuedOf) add(name, rows[0]?.total ?? 0);
  for (const [name, rows] of carriedOf) add(name, rows.length);
  for (const [name, rows] of usageOf) if (rows.some((r) => r.events > 0)) add(name, 0.5);
  const ranked = [...score.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => n);
  const chosen = ranked.slice(0, LIMITS.agents);

  const detail = { ...fleet, agents: chosen };
  const [done, { groups, jobs: failed }] = await Promise.all([q.doneJobs(detail), q.failures(detail)]);
  const doneOf = byAgent(done);
  const groupsOf = byAgent(groups);
  // The failed jobs of each (agent, issue, class) group, in the order the query gave them (latest first).
  const groupKey = (agent: string, issue: string | null, cls: string) => JSON.stringify([agent, issue, cls]);
  const failedOf = new Map<string, typeof failed>();
  for (const f of failed) {
    const k = groupKey(f.agent, f.issue_id, f.cls);
    const list = failedOf.get(k);
    if (list) list.push(f);
    else failedOf.set(k, [f]);
  }
  const startIso = start.toISOString();
  const endIso = end.toISOString();
  const regressedIds = new Set(regressed.map((r) => r.id));
  const roleOf = new Map(known.rows.map((r) => [r.name, r.role]));

  const agents: AgentFacts[] = chosen.map((name) => {
    const c: Counts = countsOf.get(name) ?? { succeeded: 0, failed: 0, cancelled: 0 };
    const agentGroups = groupsOf.get(name) ?? [];
    const w = waitingOf.get(name);
    return {
      name,
      role: roleOf.get(name) ?? null,
      counts: { succeeded: c.succeeded, failed: c.failed, cancelled: c.cancelled },
      done: (doneOf.get(name) ?? []).map((r) => ({
        id: r.id,
        externalId: r.external_id,
        title: r.title,
        at: r.at,
        costUsd: r.cost,
        artifacts: r.artifacts ?? [],
      })),
      failures: agentGroups.map((g) => ({
        issue: g.issue_id
          ? { id: g.issue_id, title: g.title ?? "", failureClass: g.cls, state: g.state ?? "new" }
          : null,
        failureClass: g.cls,
        count: g.n,
        jobs: (failedOf.get(groupKey(name, g.issue_id, g.cls)) ?? []).map(ref),
        isNew: !!g.first_seen && g.first_seen >= startIso && g.first_seen < endIso,
        regressed: !!g.issue_id && regressedIds.has(g.issue_id),
      })),
      moreFailureGroups: Math.max(0, (agentGroups[0]?.groups ?? 0) - agentGroups.length),
      stalled: (stalledOf.get(name) ?? []).map(ref),
      waitingJobs: (waitsOf.get(name) ?? []).slice(0, LIMITS.waiting).map((r) => ({
        ...ref(r),
        message: r.message,
      })),
      waitingHeartbeat: w
        ? {
            since: w.since,
            job:
              w.job_id && w.external_id
                ? { id: w.job_id, externalId: w.external_id, title: w.title, at: w.since, costUsd: w.cost }
                : null,
          }
        : null,
      openIssues: (carriedOf.get(name) ?? []).map((r) => ({
        id: r.id,
        title: r.title,
        failureClass: r.cls,
        state: r.state,
        lastSeenAt: r.last_hit,
        assignee: r.assignee,
        events: r.events,
      })),
      spend: toSpend(usageOf.get(name) ?? []),
      queued: (queuedOf.get(name) ?? []).map(ref),
      queuedCount: queuedOf.get(name)?.[0]?.total ?? 0,
    };
  });

  const total = (f: (c: Counts) => number) => counts.reduce((n, c) => n + f(c), 0);
  const activeNames = new Set(ranked);
  const quiet = known.rows.filter((r) => !activeNames.has(r.name)).map((r) => r.name);
  // With one agent, the day's issues are the ones it hit.
  const mine = agents.flatMap((a) => a.failures);
  const issueOf = (g: (typeof mine)[number]) => g.issue as IssueRef;
  const newList = fresh
    ? fresh.rows.map((r) => ({ id: r.id, title: r.title, failureClass: r.cls, state: r.state }))
    : mine.filter((g) => g.issue && g.isNew).map(issueOf);
  const regressedList =
    agent === null
      ? regressed.map((r) => ({ id: r.id, title: r.title, failureClass: r.cls, state: r.state }))
      : mine.filter((g) => g.issue && g.regressed).map(issueOf);
  return {
    project: { slug: project.slug, name: project.name, timezone: project.timezone },
    day,
    start: startIso,
    end: endIso,
    generatedAt: now.toISOString(),
    agent,
    fleet: {
      counts: {
        succeeded: total((c) => c.succeeded),
        failed: total((c) => c.failed),
        cancelled: total((c) => c.cancelled),
      },
      activeAgents: counts.filter((c) => c.agent !== "").length,
      spend: toSpend(usage),
      classes: classes.map((c) => ({ failureClass: c.cls, count: c.n })),
      newIssues: newList.slice(0, LIMITS.fleetIssues),
      newIssueCount: fresh ? fresh.total : newList.length,
      regressedIssues: regressedList.slice(0, LIMITS.fleetIssues),
      regressedIssueCount: regressedList.length,
    },
    agents,
    moreAgents: ranked.length - chosen.length,
    quiet: quiet.slice(0, LIMITS.quietNames),
    quietCount: Math.max(0, known.total - [...activeNames].filter((n) => n !== "").length),
  };
}
