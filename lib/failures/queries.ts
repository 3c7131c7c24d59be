// Named queries of the failures domain. Every function takes one params object with the project id.
import { and, asc, desc, eq, exists, gte, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { event, failureIssue, issueActivity, job, user } from "@/db/schema";
import type { ResolvedRange } from "@/lib/range/range";
import { rangeFromQuery } from "@/lib/range/resolve";
import { issueConditions } from "./filter-sql";
import type { IssueDetail, IssueSummary, IssuesQuery } from "./schemas";

const DAY = 86_400_000;
const SPARK_DAYS = 14;

/** The time range of a failures query: the shared range with its from/to, or "all". */
export type FailuresRange = Pick<IssuesQuery, "range" | "from" | "to">;

/**
 * Resolves a failures range at the edge (a route or a page), once per request: null for all time. A bad custom
 * range is the caller's error (ApiError 400; pages catch it and say so).
 */
export function resolveFailuresRange(q: FailuresRange, now: Date = new Date()): ResolvedRange | null {
  return q.range === "all" ? null : rangeFromQuery({ range: q.range, from: q.from, to: q.to }, now);
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);

export async function listIssues({
  db,
  projectId,
  filters,
  bounds: resolved,
  userId = null,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  filters: IssuesQuery;
  /** the range already resolved at the edge (null: all time); when absent, filters' range is resolved here */
  bounds?: ResolvedRange | null;
  userId?: string | null;
  now?: Date;
}): Promise<IssueSummary[]> {
  const bounds = resolved === undefined ? resolveFailuresRange(filters, now) : resolved;
  // issues merged into another are listed through it
  const where: SQL[] = [eq(failureIssue.projectId, projectId), isNull(failureIssue.mergedIntoId)];
  if (bounds) where.push(gte(failureIssue.lastSeenAt, bounds.from));
  if (bounds?.kind === "custom") {
    // a custom range ends in the past: the issue (or one merged into it) failed in [from, to)
    const member = alias(failureIssue, "member");
    where.push(
      lt(failureIssue.firstSeenAt, bounds.to),
      exists(
        db
          .select({ one: sql`1` })
          .from(job)
          .innerJoin(member, eq(member.id, job.failureIssueId))
          .where(
            and(
              eq(job.projectId, projectId),
              or(eq(member.id, failureIssue.id), eq(member.mergedIntoId, failureIssue.id)),
              gte(job.endedAt, bounds.from),
              lt(job.endedAt, bounds.to),
            ),
          ),
      ),
    );
  }
  where.push(...issueConditions(filters, userId));
  const order =
    filters.sort === "events"
      ? [desc(failureIssue.eventCount), desc(failureIssue.lastSeenAt)]
      : filters.sort === "first_seen"
        ? [desc(failureIssue.firstSeenAt)]
        : // regressed issues come back on top
          [sql`(${failureIssue.state} = 'regressed') desc`, desc(failureIssue.lastSeenAt)];
  const rows = await db
    .select({ issue: failureIssue, assigneeName: user.name })
    .from(failureIssue)
    .leftJoin(user, eq(user.id, failureIssue.assigneeId))
    .where(and(...where))
    .orderBy(...order)
    .limit(filters.limit);
  if (rows.length === 0) return [];
  // Failures per issue and day in the range; the sparkline shows its last days (calendar days, UTC).
  const end = bounds?.to ?? now;
  const lastDay = Date.parse(dayKey(new Date(end.getTime() - 1)));
  const firstDay = Math.max(
    Date.parse(dayKey(bounds?.from ?? new Date(0))),
    lastDay - (SPARK_DAYS - 1) * DAY,
  );
  const dayList = Array.from({ length: (lastDay - firstDay) / DAY + 1 }, (_, i) =>
    dayKey(new Date(firstDay + i * DAY)),
  );
  // Counted per job's own issue, then summed into the listed issue it belongs to (itself, or the one it was
  // merged into): the statements probe job_issue_idx per issue and read only the range's failures of the
  // issues shown (job_issue_idx is (failure_issue_id, ended_at)), never every failed job of the project.
  const listed = rows.map((r) => r.issue.id);
  const merged = await db
    .select({ id: failureIssue.id, owner: failureIssue.mergedIntoId })
    .from(failureIssue)
    .where(and(eq(failureIssue.projectId, projectId), inArray(failureIssue.mergedIntoId, listed)));
  const ownerOf = new Map<string, string>(listed.map((id) => [id, id]));
  for (const m of merged) if (m.owner) ownerOf.set(m.id, m.owner);
  const members = [...ownerOf.keys()];
  // No project_id test: these issue ids were read from this project's rows, and without it the counts are
  // index-only scans of job_issue_idx (every all-time count of a busy issue would otherwise visit its jobs' rows).
  const mineIn = (from: Date | null, to: Date | null) =>
    and(
      inArray(job.failureIssueId, members),
      from ? gte(job.endedAt, from) : undefined,
      to ? lt(job.endedAt, to) : undefined,
    );
  const daysFrom = Math.max(firstDay, bounds?.from.getTime() ?? 0);
  // A range of at most SPARK_DAYS days is counted whole by the day query: its totals are the sums of its days.
  const daysAreRange = bounds !== null && daysFrom === bounds.from.getTime();
  const [counted, days] = await Promise.all([
    daysAreRange
      ? null
      : db
          .select({ issueId: job.failureIssueId, n: sql<number>`count(*)::int` })
          .from(job)
          .where(mineIn(bounds?.from ?? null, bounds?.to ?? null))
          .groupBy(job.failureIssueId),
    db
      .select({
        issueId: job.failureIssueId,
        day: sql<string>`to_char(date_trunc('day', ${job.endedAt} at time zone 'UTC'), 'YYYY-MM-DD')`,
        n: sql<number>`count(*)::int`,
      })
      .from(job)
      .where(mineIn(new Date(daysFrom), bounds?.to ?? null))
      .groupBy(job.failureIssueId, sql`2`),
  ]);
  const totals = counted ?? days;
  const inRangeBy = new Map<string, number>();
  for (const t of totals) {
    const owner = t.issueId ? ownerOf.get(t.issueId) : undefined;
    if (owner) inRangeBy.set(owner, (inRangeBy.get(owner) ?? 0) + t.n);
  }
  const dayBy = new Map<string, number>();
  for (const d of days) {
    const owner = d.issueId ? ownerOf.get(d.issueId) : undefined;
    if (owner) dayBy.set(`${owner} ${d.day}`, (dayBy.get(`${owner} ${d.day}`) ?? 0) + d.n);
  }
  return rows.map(({ issue, assigneeName }) => {
    return {
      id: issue.id,
      title: issue.title,
      failure_class: issue.failureClass,
      state: issue.state,
      state_detail: issue.stateDetail ?? null,
      events: issue.eventCount,
      events_in_range: inRangeBy.get(issue.id) ?? 0,
      agents: issue.agents,
      models: issue.models,
      harnesses: issue.harnesses,
      first_seen: issue.firstSeenAt.toISOString(),
      last_seen: issue.lastSeenAt.toISOString(),
      assignee: issue.assigneeId ? { id: issue.assigneeId, name: assigneeName ?? "?" } : null,
      sparkline: dayList.map((d) => dayBy.get(`${issue.id} ${d}`) ?? 0),
    };
  });
}

const tally = (values: (string | null)[]) => {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
};

export async function getIssue({
  db,
  projectId,
  id,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  id: string;
  now?: Date;
}): Promise<IssueDetail | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [summary] = await db
    .select({ issue: failureIssue, assigneeName: user.name })
    .from(failureIssue)
    .leftJoin(user, eq(user.id, failureIssue.assigneeId))
    .where(and(eq(failureIssue.projectId, projectId), eq(failureIssue.id, id)));
  if (!summary) return null;
  const issue = summary.issue;
  const children = await db
    .select({ id: failureIssue.id, title: failureIssue.title, events: failureIssue.eventCount })
    .from(failureIssue)
    .where(and(eq(failureIssue.projectId, projectId), eq(failureIssue.mergedIntoId, id)));
  // The issue's own failures and those of the issues merged into it (ids read from this project's rows).
  const members = inArray(job.failureIssueId, [id, ...children.map((c) => c.id)]);
  const jobs = await db
    .select({
      id: job.id,
      externalId: job.externalId,
      title: job.title,
      agentName: job.agentName,
      model: job.model,
      harness: job.harness,
      harnessVersion: job.harnessVersion,
      endedAt: job.endedAt,
      error: job.error,
    })
    .from(job)
    .where(and(eq(job.projectId, projectId), members))
    .orderBy(desc(job.endedAt))
    .limit(500);
  const failing = await db
    .select({ id: event.id, job: event.jobExternalId })
    .from(event)
    .where(
      and(
        eq(event.projectId, projectId),
        eq(event.type, "job.failed"),
        inArray(
          event.jobExternalId,
          jobs.slice(0, 10).map((j) => j.externalId),
        ),
      ),
    );
  const activity = await db
    .select({ a: issueActivity, name: user.name })
    .from(issueActivity)
    .leftJoin(user, eq(user.id, issueActivity.userId))
    .where(eq(issueActivity.issueId, id))
    .orderBy(asc(issueActivity.createdAt));
  // Failures per UTC day of the last 30, counted in SQL over those days only (job_issue_idx, index-only): the
  // 500 jobs loaded above are a sample for the breakdown, and a busy issue has more than that in 30 days.
  const timelineFrom = new Date(now.getTime() - 30 * DAY);
  const days = Array.from({ length: 30 }, (_, i) => dayKey(new Date(timelineFrom.getTime() + (i + 1) * DAY)));
  const perDay = await db
    .select({
      day: sql<string>`to_char(date_trunc('day', ${job.endedAt} at time zone 'UTC'), 'YYYY-MM-DD')`,
      n: sql<number>`count(*)::int`,
    })
    .from(job)
    .where(and(members, gte(job.endedAt, new Date(Date.parse(days[0] as string)))))
    .groupBy(sql`1`);
  const timeline = days.map((day) => ({ day, count: perDay.find((d) => d.day === day)?.n ?? 0 }));
  return {
    id: issue.id,
    title: issue.title,
    failure_class: issue.failureClass,
    state: issue.state,
    state_detail: issue.stateDetail ?? null,
    events: issue.eventCount,
    events_in_range: issue.eventCount,
    agents: issue.agents,
    models: issue.models,
    harnesses: issue.harnesses,
    first_seen: issue.firstSeenAt.toISOString(),
    last_seen: issue.lastSeenAt.toISOString(),
    assignee: issue.assigneeId ? { id: issue.assigneeId, name: summary.assigneeName ?? "?" } : null,
    sparkline: timeline.slice(-14).map((t) => t.count),
    sample_message: issue.sampleMessage,
    fingerprint: issue.fingerprint,
    activity: activity.map(({ a, name }) => ({
      id: a.id,
      kind: a.kind,
      data: a.data,
      user: a.userId ? { id: a.userId, name: name ?? "?" } : null,
      at: a.createdAt.toISOString(),
    })),
    sample_jobs: jobs.slice(0, 10).map((j) => ({
      id: j.id,
      external_id: j.externalId,
      title: j.title,
      agent: j.agentName,
      model: j.model,
      harness: j.harness,
      harness_version: j.harnessVersion,
      ended_at: j.endedAt?.toISOString() ?? null,
      error: j.error ?? null,
      failing_entry: failing.find((f) => f.job === j.externalId)?.id ?? null,
    })),
    breakdown: {
      agents: tally(jobs.map((j) => j.agentName)),
      models: tally(jobs.map((j) => j.model)),
      harnesses: tally(jobs.map((j) => (j.harness ? `${j.harness} ${j.harnessVersion ?? ""}`.trim() : null))),
    },
    timeline,
    merged: children,
    merged_into: issue.mergedIntoId,
  };
}

export async function listUsers({ db }: { db: DbOrTx }) {
  return db.select({ id: user.id, name: user.name, email: user.email }).from(user).orderBy(asc(user.name));
}
