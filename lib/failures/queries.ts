// Named queries of the failures domain. Every function takes one params object with the project id.
import { and, asc, desc, eq, exists, gte, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { event, failureIssue, issueActivity, job, user } from "@/db/schema";
import type { ResolvedRange } from "@/lib/range/range";
import { rangeFromQuery } from "@/lib/range/resolve";
import { failedJobConditions, type IssueFilters, issueConditions } from "./filter-sql";
import type { FailureClasses, IssueDetail, IssueSummary, IssuesQuery } from "./schemas";

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
  const owner = sql<string>`coalesce(${failureIssue.mergedIntoId}, ${failureIssue.id})`;
  const inRange = bounds ? [gte(job.endedAt, bounds.from), lt(job.endedAt, bounds.to)] : [];
  const counts = await db
    .select({
      issueId: owner,
      day: sql<string>`to_char(date_trunc('day', ${job.endedAt} at time zone 'UTC'), 'YYYY-MM-DD')`,
      n: sql<number>`count(*)::int`,
    })
    .from(job)
    .innerJoin(failureIssue, eq(failureIssue.id, job.failureIssueId))
    .where(
      and(
        eq(job.projectId, projectId),
        sql`${owner} in (${sql.join(
          rows.map((r) => sql`${r.issue.id}::uuid`),
          sql`, `,
        )})`,
        ...inRange,
      ),
    )
    .groupBy(owner, sql`2`);
  return rows.map(({ issue, assigneeName }) => {
    const mine = counts.filter((c) => c.issueId === issue.id);
    return {
      id: issue.id,
      title: issue.title,
      failure_class: issue.failureClass,
      state: issue.state,
      state_detail: issue.stateDetail ?? null,
      events: issue.eventCount,
      events_in_range: mine.reduce((n, c) => n + c.n, 0),
      agents: issue.agents,
      models: issue.models,
      harnesses: issue.harnesses,
      first_seen: issue.firstSeenAt.toISOString(),
      last_seen: issue.lastSeenAt.toISOString(),
      assignee: issue.assigneeId ? { id: issue.assigneeId, name: assigneeName ?? "?" } : null,
      sparkline: dayList.map((d) => mine.find((c) => c.day === d)?.n ?? 0),
    };
  });
}

/** Failed jobs per class: this range against the previous one of the same length (none for all time). */
export async function classBreakdown({
  db,
  projectId,
  bounds,
  filters = {},
  userId = null,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  /** the resolved range; null for all time */
  bounds: ResolvedRange | null;
  /** the list's filters: only the failed jobs of the issues it shows count */
  filters?: IssueFilters;
  userId?: string | null;
  now?: Date;
}) {
  const from = bounds?.from ?? new Date(0);
  const rows = await db
    .select({
      cls: job.failureClass,
      current: sql<number>`count(*) filter (where ${job.endedAt} >= ${from.toISOString()}::timestamptz)::int`,
      previous: sql<number>`count(*) filter (where ${job.endedAt} < ${from.toISOString()}::timestamptz)::int`,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, projectId),
        eq(job.status, "failed"),
        gte(job.endedAt, bounds?.previous.from ?? from),
        lt(job.endedAt, bounds?.to ?? now),
        ...failedJobConditions({ db, projectId, filters, userId }),
      ),
    )
    .groupBy(job.failureClass);
  const total = rows.reduce((n, r) => n + r.current, 0);
  return rows
    .map((r) => ({
      failure_class: r.cls ?? "unknown",
      count: r.current,
      share: total ? r.current / total : 0,
      previous: r.previous,
    }))
    .filter((r) => r.count > 0 || r.previous > 0)
    .sort((a, b) => b.count - a.count);
}

/** Failed jobs per hour or day (by the range's length) and class, for the taxonomy chart; all time shows 30 days. */
export async function failuresOverTime({
  db,
  projectId,
  bounds: range,
  filters = {},
  userId = null,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  /** the resolved range; null for all time, which charts the last 30 days */
  bounds: ResolvedRange | null;
  filters?: IssueFilters;
  userId?: string | null;
  now?: Date;
}): Promise<FailureClasses["series"]> {
  const bounds = range ?? rangeFromQuery({ range: "30d" }, now);
  const unit = bounds.bucket === "hour" ? "hour" : "day";
  const rows = await db
    .select({
      bucket: sql<string>`to_char(date_trunc(${unit}, ${job.endedAt} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"')`,
      cls: job.failureClass,
      n: sql<number>`count(*)::int`,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, projectId),
        eq(job.status, "failed"),
        gte(job.endedAt, bounds.from),
        lt(job.endedAt, bounds.to),
        ...failedJobConditions({ db, projectId, filters, userId }),
      ),
    )
    .groupBy(sql`1`, job.failureClass)
    .orderBy(sql`1`);
  return {
    unit,
    from: bounds.from.toISOString(),
    to: bounds.to.toISOString(),
    rows: rows.map((r) => ({ bucket: r.bucket, failure_class: r.cls ?? "unknown", count: r.n })),
  };
}

/** The chart and the breakdown of the failures page, for the same filters as its list. */
export async function failureClasses(params: {
  db: DbOrTx;
  projectId: string;
  bounds: ResolvedRange | null;
  filters: IssueFilters;
  userId?: string | null;
  now?: Date;
}): Promise<FailureClasses> {
  const now = params.now ?? new Date();
  const [breakdown, series] = await Promise.all([
    classBreakdown({ ...params, now }),
    failuresOverTime({ ...params, now }),
  ]);
  return { breakdown, series };
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
  const jobs = await db
    .select()
    .from(job)
    .where(and(eq(job.projectId, projectId), inArray(job.failureIssueId, [id, ...children.map((c) => c.id)])))
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
  const timelineFrom = new Date(now.getTime() - 30 * DAY);
  const timeline = Array.from({ length: 30 }, (_, i) => {
    const day = dayKey(new Date(timelineFrom.getTime() + (i + 1) * DAY));
    return { day, count: jobs.filter((j) => j.endedAt && dayKey(j.endedAt) === day).length };
  });
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
