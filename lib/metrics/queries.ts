// Fleet gauges and counters for Prometheus (GET /api/metrics), from projections and rollups.

import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { failureIssue, ISSUE_STATES, job, project, SEVERITIES, usageDaily } from "@/db/schema";
import { firingBySeverity } from "@/lib/alerts/queries";
import { FAILURE_CLASSES } from "@/lib/failures/taxonomy";
import { projectionBacklog } from "@/lib/ingest/projector";
import { agentsWithActivity, OFFLINE_WINDOW_MS, thresholds } from "@/lib/overview/attention";
import { outcomeTotals } from "@/lib/rollups/job-outcomes";
import type { Family } from "./format";

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export const AGENT_METRIC_STATUSES = ["busy", "idle", "waiting", "unknown", "offline"] as const;

export async function collectMetrics({
  db,
  projectId,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  now?: Date;
}): Promise<Family[]> {
  const [p] = await db.select({ slug: project.slug }).from(project).where(eq(project.id, projectId));
  const base = { project: p?.slug ?? projectId };
  const { stallMs, offlineMs } = await thresholds(db, projectId);

  // All-time counts from job_outcome_hourly: bounded by the hours of history, not by the number of jobs.
  const outcomes = await outcomeTotals(db, projectId);
  const count = (s: string) => outcomes.filter((r) => r.status === s).reduce((n, r) => n + r.jobs, 0);
  const [stalled] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(job)
    .where(
      and(
        eq(job.projectId, projectId),
        eq(job.status, "running"),
        lt(job.lastEventAt, new Date(now.getTime() - stallMs)),
      ),
    );
  const failureCounts = new Map<string, number>();
  for (const r of outcomes) {
    if (r.status !== "failed") continue;
    const cls = r.failureClass || "unknown";
    failureCounts.set(cls, (failureCounts.get(cls) ?? 0) + r.jobs);
  }
  // All-time usage per model from usage_daily: one row per day and key, not per hour.
  const spend = await db
    .select({
      model: usageDaily.model,
      cost: sql<string>`sum(${usageDaily.costUsd})::text`,
      input: sql<string>`sum(${usageDaily.inputTokens})::text`,
      output: sql<string>`sum(${usageDaily.outputTokens})::text`,
      cacheRead: sql<string>`sum(${usageDaily.cacheReadTokens})::text`,
      cacheWrite: sql<string>`sum(${usageDaily.cacheWriteTokens})::text`,
      unpriced: sql<string>`sum(${usageDaily.unpricedEvents})::text`,
    })
    .from(usageDaily)
    .where(eq(usageDaily.projectId, projectId))
    .groupBy(usageDaily.model)
    .orderBy(usageDaily.model);
  // Agents: online ones by their last heartbeat's status; offline ones seen in the last 7 days.
  const windowStart = new Date(now.getTime() - OFFLINE_WINDOW_MS);
  const onlineSince = new Date(now.getTime() - offlineMs);
  const agents = rowsOf<{ status: string; n: number }>(
    await db.execute(sql`
      select case when at < ${ts(onlineSince)} then 'offline'
          when status in ('busy', 'idle', 'waiting') then status else 'unknown' end as status, count(*)::int as n
      from ${agentsWithActivity(projectId, windowStart, onlineSince)}
      where at >= ${ts(windowStart)}
      group by 1`),
  );
  const issues = await db
    .select({ state: failureIssue.state, n: sql<number>`count(*)::int` })
    .from(failureIssue)
    .where(and(eq(failureIssue.projectId, projectId), isNull(failureIssue.mergedIntoId)))
    .groupBy(failureIssue.state);
  const firing = await firingBySeverity(db, projectId);
  const backlog = await projectionBacklog(db, projectId);

  const model = (m: string) => m || "(unknown)";
  const tokenSamples = spend.flatMap((r) =>
    (
      [
        ["input", r.input],
        ["output", r.output],
        ["cache_read", r.cacheRead],
        ["cache_write", r.cacheWrite],
      ] as const
    ).map(([kind, v]) => ({ labels: { ...base, model: model(r.model), kind }, value: Number(v) })),
  );
  return [
    {
      name: "fleetwatch_jobs_finished_total",
      help: "Jobs that ended, by outcome.",
      type: "counter",
      samples: (["succeeded", "failed", "cancelled"] as const).map((status) => ({
        labels: { ...base, status },
        value: count(status),
      })),
    },
    {
      name: "fleetwatch_jobs_in_progress",
      help: "Jobs queued or running now (stalled ones included in running).",
      type: "gauge",
      samples: (["queued", "running"] as const).map((status) => ({
        labels: { ...base, status },
        value: count(status),
      })),
    },
    {
      name: "fleetwatch_jobs_stalled",
      help: "Running jobs with no event for longer than the project's stall time.",
      type: "gauge",
      samples: [{ labels: base, value: stalled?.n ?? 0 }],
    },
    {
      // A gauge, not a counter: re-classifying history (a rule applied to past failures) moves jobs between
      // classes, so one class's count goes down. The rate of failures is increase(jobs_finished_total{failed}).
      name: "fleetwatch_job_failures",
      help: "Failed jobs by their current failure class (re-classification moves jobs between classes).",
      type: "gauge",
      samples: FAILURE_CLASSES.map((cls) => ({
        labels: { ...base, failure_class: cls },
        value: failureCounts.get(cls) ?? 0,
      })),
    },
    {
      name: "fleetwatch_spend_usd_total",
      help: "What usage cost, in US dollars (reported by runners, else computed from the price table).",
      type: "counter",
      samples: spend.map((r) => ({ labels: { ...base, model: model(r.model) }, value: Number(r.cost) })),
    },
    {
      name: "fleetwatch_tokens_total",
      help: "Tokens used, by model and kind.",
      type: "counter",
      samples: tokenSamples,
    },
    {
      // A gauge: adding a price and re-applying it to history prices these events, so the count goes down.
      name: "fleetwatch_unpriced_usage_events",
      help: "Usage events whose cost is unknown now (no reported cost and no price).",
      type: "gauge",
      samples: [{ labels: base, value: spend.reduce((n, r) => n + Number(r.unpriced), 0) }],
    },
    {
      name: "fleetwatch_agents",
      help: "Agents seen in the last 7 days: online ones by their last heartbeat's status, and offline ones.",
      type: "gauge",
      samples: AGENT_METRIC_STATUSES.map((status) => ({
        labels: { ...base, status },
        value: agents.find((a) => a.status === status)?.n ?? 0,
      })),
    },
    {
      name: "fleetwatch_issues",
      help: "Failure issues by triage state (merged ones count in the issue they were merged into).",
      type: "gauge",
      samples: ISSUE_STATES.map((state) => ({
        labels: { ...base, state },
        value: issues.find((i) => i.state === state)?.n ?? 0,
      })),
    },
    {
      name: "fleetwatch_projection_pending_events",
      help: "Events acknowledged to runners and not yet folded into jobs, agents, transcripts and costs.",
      type: "gauge",
      samples: [{ labels: base, value: backlog.pending }],
    },
    {
      name: "fleetwatch_projection_lag_seconds",
      help: "How long the oldest acknowledged event has waited for the projector (0 when none waits).",
      type: "gauge",
      samples: [{ labels: base, value: (backlog.oldestMs ?? 0) / 1000 }],
    },
    {
      name: "fleetwatch_projection_failed_events",
      help: "Acknowledged events PostgreSQL refused to project (set aside with their reason in event_pending).",
      type: "gauge",
      samples: [{ labels: base, value: backlog.failed }],
    },
    {
      name: "fleetwatch_incidents_firing",
      help: "Alert incidents firing now (not acknowledged, not resolved; muted ones included), by severity.",
      type: "gauge",
      samples: SEVERITIES.map((severity) => ({
        labels: { ...base, severity },
        value: firing.find((f) => f.severity === severity)?.n ?? 0,
      })),
    },
  ];
}
