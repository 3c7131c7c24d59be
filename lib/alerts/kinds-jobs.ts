// The job-based kinds: failure/success rate (threshold or trailing baseline), cost per successful job, long
// jobs (threshold or the agent's trailing p95) and stalled jobs. Each returns the groups its condition holds for
// at `now`; the evaluator turns them into incidents.
import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { job } from "@/db/schema";
import type { EvalContext } from "./context";
import { jobFilters, jobGroupKey, type Match, round, ts } from "./match";
import type { RuleParams } from "./rule-schemas";

const DAY_MS = 86_400_000;
/** A job counts as "long" for job_duration while it ended within this look-back. */
export const DURATION_LOOKBACK_MS = 3_600_000;
const MAX_LINKS = 20;

async function finishedCounts(c: EvalContext, from: Date, to: Date) {
  const group = jobGroupKey(c.rule.groupBy);
  return c.db
    .select({
      key: group,
      succeeded: sql<number>`(count(*) filter (where ${job.status} = 'succeeded'))::int`,
      failed: sql<number>`(count(*) filter (where ${job.status} = 'failed'))::int`,
      cost: sql<string | null>`sum(${job.costUsd})::text`,
      jobIds: sql<
        string[]
      >`(array_agg(${job.externalId} order by ${job.endedAt} desc) filter (where ${job.status} = 'failed'))[1:${sql.raw(String(MAX_LINKS))}]`,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, c.rule.projectId),
        inArray(job.status, ["succeeded", "failed"]),
        gt(job.endedAt, from),
        lte(job.endedAt, to),
        ...jobFilters(c.rule.filters),
      ),
    )
    .groupBy(sql`1`);
}

/** Failure or success rate in percent over the last windowMinutes, against a threshold or the trailing 7 days. */
export async function evalRate(c: EvalContext, p: RuleParams<"rate">): Promise<Match[]> {
  const windowMs = p.windowMinutes * 60_000;
  const from = new Date(c.now.getTime() - windowMs);
  const rateOf = (r: { succeeded: number; failed: number }) => {
    const n = r.succeeded + r.failed;
    const share = p.metric === "failure_rate" ? r.failed / n : r.succeeded / n;
    return share * 100;
  };
  const current = (await finishedCounts(c, from, c.now)).filter((r) => r.succeeded + r.failed >= p.minJobs);
  let baselines = new Map<string, number>();
  if (p.comparison.against === "baseline" && current.length > 0) {
    // the 7 days before the window: what is usual for this group
    const rows = await finishedCounts(c, new Date(from.getTime() - 7 * DAY_MS), from);
    baselines = new Map(
      rows.filter((r) => r.succeeded + r.failed >= p.minJobs).map((r) => [r.key, rateOf(r)]),
    );
  }
  const out: Match[] = [];
  for (const r of current) {
    const value = rateOf(r);
    const cmp = p.comparison;
    let limit: number;
    const figures: Record<string, unknown> = {};
    if (cmp.against === "threshold") {
      limit = cmp.value;
      figures.threshold = cmp.value;
    } else {
      const base = baselines.get(r.key);
      if (base === undefined) continue; // no usual rate to compare with
      limit = base * cmp.factor;
      figures.baseline = round(base);
      figures.factor = cmp.factor;
    }
    const fires = cmp.op === "above" ? value > limit : value < limit;
    if (!fires) continue;
    const label = p.metric === "failure_rate" ? "Failure rate" : "Success rate";
    out.push({
      groupKey: r.key,
      title: `${label} ${round(value, 1)}% ${cmp.op} ${round(limit, 1)}%`,
      context: {
        value: round(value),
        limit: round(limit),
        ...figures,
        windowMinutes: p.windowMinutes,
        succeeded: r.succeeded,
        failed: r.failed,
        jobIds: r.jobIds ?? [],
      },
    });
  }
  return out;
}

/** What a successful job cost over the window: all spend of jobs ended in it over its successful ones. */
export async function evalCostPerSuccess(
  c: EvalContext,
  p: RuleParams<"cost_per_success">,
): Promise<Match[]> {
  const from = new Date(c.now.getTime() - p.windowMinutes * 60_000);
  const out: Match[] = [];
  for (const r of await finishedCounts(c, from, c.now)) {
    const cost = Number(r.cost ?? 0);
    // no success at all: the spend itself is what a success (none yet) has cost so far
    const value = r.succeeded > 0 ? cost / r.succeeded : cost;
    if (!(value > p.usd)) continue;
    out.push({
      groupKey: r.key,
      title: `Cost per successful job $${round(value, 2)} above $${p.usd}`,
      context: {
        value: round(value, 4),
        threshold: p.usd,
        windowMinutes: p.windowMinutes,
        costUsd: round(cost, 4),
        succeeded: r.succeeded,
        failed: r.failed,
      },
    });
  }
  return out;
}

/** Jobs that ended within the last hour and ran longer than `seconds`, or than their agent's trailing p95. */
export async function evalJobDuration(c: EvalContext, p: RuleParams<"job_duration">): Promise<Match[]> {
  const since = new Date(c.now.getTime() - DURATION_LOOKBACK_MS);
  const base = and(eq(job.projectId, c.rule.projectId), ...jobFilters(c.rule.filters));
  const p95 =
    p.against === "agent_p95"
      ? sql`(select percentile_cont(0.95) within group (order by h.duration_ms) from ${job} h where h.project_id = ${c.rule.projectId} and h.agent_name = ${job.agentName} and h.status in ('succeeded', 'failed') and h.ended_at > ${ts(new Date(c.now.getTime() - 7 * DAY_MS))} and h.ended_at <= ${ts(c.now)} having count(*) >= ${p.minJobs})`
      : sql`${p.seconds * 1000}`;
  const rows = await c.db
    .select({
      key: jobGroupKey(c.rule.groupBy),
      externalId: job.externalId,
      agent: job.agentName,
      model: job.model,
      harness: job.harness,
      durationMs: job.durationMs,
      limitMs: sql<number | null>`(${p95})::float8`,
    })
    .from(job)
    .where(
      and(
        base,
        inArray(job.status, ["succeeded", "failed", "cancelled"]),
        gt(job.endedAt, since),
        lte(job.endedAt, c.now),
      ),
    )
    .orderBy(job.endedAt);
  const long = rows.filter((r) => r.limitMs !== null && r.durationMs !== null && r.durationMs > r.limitMs);
  return groupJobs(long, (g) => {
    const worst = Math.max(...g.map((r) => r.durationMs ?? 0));
    const limitS = round((g[0]?.limitMs ?? 0) / 1000, 1);
    return {
      title: `${g.length} job${g.length === 1 ? "" : "s"} ran longer than ${limitS}s${p.against === "agent_p95" ? " (agent p95)" : ""}`,
      context: {
        value: round(worst / 1000, 1),
        threshold: limitS,
        against: p.against,
        windowMinutes: DURATION_LOOKBACK_MS / 60_000,
      },
    };
  });
}

/** Running jobs with no event for longer than the project's stall time (the Overview's definition). */
export async function evalJobStalled(c: EvalContext): Promise<Match[]> {
  const stallMs = c.settings.stallAfterSeconds * 1000;
  const rows = await c.db
    .select({
      key: jobGroupKey(c.rule.groupBy),
      externalId: job.externalId,
      agent: job.agentName,
      model: job.model,
      harness: job.harness,
      lastEventAt: job.lastEventAt,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, c.rule.projectId),
        eq(job.status, "running"),
        sql`${job.lastEventAt} < ${ts(new Date(c.now.getTime() - stallMs))}`,
        ...jobFilters(c.rule.filters),
      ),
    )
    .orderBy(job.lastEventAt);
  return groupJobs(rows, (g) => {
    const quietS = Math.round((c.now.getTime() - (g[0]?.lastEventAt.getTime() ?? 0)) / 1000);
    return {
      title:
        g.length === 1
          ? `Job ${g[0]?.externalId} stalled (no event for ${quietS}s)`
          : `${g.length} jobs stalled`,
      context: { value: quietS, threshold: c.settings.stallAfterSeconds },
    };
  });
}

type JobRow = {
  key: string;
  externalId: string;
  agent: string | null;
  model: string | null;
  harness: string | null;
};

/** One match per group key, linking its jobs (and its agent/model/harness when they all share one). */
function groupJobs<R extends JobRow>(
  rows: R[],
  describe: (group: R[]) => { title: string; context: Record<string, unknown> },
): Match[] {
  const groups = new Map<string, R[]>();
  for (const r of rows) groups.set(r.key, [...(groups.get(r.key) ?? []), r]);
  return [...groups].map(([key, g]) => {
    const one = <K extends "agent" | "model" | "harness">(k: K) =>
      new Set(g.map((r) => r[k])).size === 1 ? (g[0]?.[k] ?? null) : null;
    const d = describe(g);
    return {
      groupKey: key,
      title: d.title,
      agent: one("agent"),
      model: one("model"),
      harness: one("harness"),
      context: { ...d.context, jobIds: g.slice(0, MAX_LINKS).map((r) => r.externalId), agent: one("agent") },
    };
  });
}
