// The fleet kinds: offline agents (the Overview's definition), quiet agents (no finished job for N hours),
// hourly spend (usage_hourly), and today's budget crossings (the alert_event rows lib/costs/watcher.ts writes).
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { agent, alertEvent, job, usageHourly } from "@/db/schema";
import { OFFLINE_WINDOW_MS, offlineAgents } from "@/lib/overview/attention";
import { dayBounds, monthBounds } from "@/lib/time/zone";
import type { EvalContext } from "./context";
import type { Match } from "./match";
import { round, ts } from "./match";
import type { RuleParams } from "./rule-schemas";

const HOUR_MS = 3_600_000;

/** Agent-level matches: one per agent, or one for the project listing them all. */
function agentMatches(
  c: EvalContext,
  agents: { name: string; since: string | null }[],
  what: string,
  figures: Record<string, unknown>,
): Match[] {
  const wanted = agents.filter((a) => !c.rule.filters.agent || a.name === c.rule.filters.agent);
  if (c.rule.groupBy !== "project") {
    return wanted.map((a) => ({
      groupKey: `agent:${a.name}`,
      title: `Agent ${a.name} ${what}`,
      agent: a.name,
      context: { ...figures, agent: a.name, lastActivityAt: a.since },
    }));
  }
  if (wanted.length === 0) return [];
  return [
    {
      groupKey: "project",
      title: `${wanted.length} agent${wanted.length === 1 ? "" : "s"} ${what}`,
      context: { ...figures, value: wanted.length, agents: wanted.slice(0, 20).map((a) => a.name) },
    },
  ];
}

export async function evalAgentOffline(c: EvalContext): Promise<Match[]> {
  const offline = await offlineAgents({
    db: c.db,
    projectId: c.rule.projectId,
    offlineMs: c.settings.offlineAfterSeconds * 1000,
    now: c.now,
    limit: 1000,
  });
  return agentMatches(
    c,
    offline.items.map((a) => ({ name: a.name, since: a.last_activity_at })),
    "offline",
    { threshold: c.settings.offlineAfterSeconds },
  );
}

/** Agents seen within the last 7 days and known for longer than `hours` whose last finished job is older. */
export async function evalAgentQuiet(c: EvalContext, p: RuleParams<"agent_quiet">): Promise<Match[]> {
  const cutoff = new Date(c.now.getTime() - p.hours * HOUR_MS);
  const lastFinished = sql<Date | null>`(select max(${job.endedAt}) from ${job} where ${job.projectId} = ${agent.projectId} and ${job.agentName} = ${agent.name} and ${job.endedAt} <= ${ts(c.now)})`;
  const rows = await c.db
    .select({ name: agent.name, last: sql<string | null>`(${lastFinished})::text` })
    .from(agent)
    .where(
      and(
        eq(agent.projectId, c.rule.projectId),
        gte(agent.lastSeenAt, new Date(c.now.getTime() - OFFLINE_WINDOW_MS)),
        sql`${agent.firstSeenAt} <= ${ts(cutoff)}`,
        sql`coalesce(${lastFinished}, '-infinity'::timestamptz) < ${ts(cutoff)}`,
      ),
    )
    .orderBy(agent.name);
  return agentMatches(
    c,
    rows.map((r) => ({ name: r.name, since: r.last })),
    `finished no job for ${p.hours}h`,
    { threshold: p.hours },
  );
}

/** Spend of the current clock hour and of the previous one (usage_hourly buckets); either above usd fires. */
export async function evalSpendHourly(c: EvalContext, p: RuleParams<"spend_hourly">): Promise<Match[]> {
  const current = Math.floor(c.now.getTime() / HOUR_MS) * HOUR_MS;
  const f = c.rule.filters;
  const by = c.rule.groupBy;
  const key =
    by === "agent"
      ? sql<string>`'agent:' || ${usageHourly.agentName}`
      : by === "model"
        ? sql<string>`'model:' || ${usageHourly.model}`
        : by === "harness"
          ? sql<string>`'harness:' || ${usageHourly.harness}`
          : sql<string>`'project'`;
  const rows = await c.db
    .select({ key, hour: usageHourly.hour, cost: sql<string>`sum(${usageHourly.costUsd})::text` })
    .from(usageHourly)
    .where(
      and(
        eq(usageHourly.projectId, c.rule.projectId),
        inArray(usageHourly.hour, [new Date(current - HOUR_MS), new Date(current)]),
        ...(f.agent ? [eq(usageHourly.agentName, f.agent)] : []),
        ...(f.model ? [eq(usageHourly.model, f.model)] : []),
        ...(f.harness ? [eq(usageHourly.harness, f.harness)] : []),
      ),
    )
    .groupBy(sql`1`, usageHourly.hour);
  const worst = new Map<string, { cost: number; hour: Date }>();
  for (const r of rows) {
    const cost = Number(r.cost);
    if (cost > (worst.get(r.key)?.cost ?? Number.NEGATIVE_INFINITY)) worst.set(r.key, { cost, hour: r.hour });
  }
  return [...worst]
    .filter(([, w]) => w.cost > p.usd)
    .map(([groupKey, w]) => ({
      groupKey,
      title: `Spend $${round(w.cost, 2)} in an hour, above $${p.usd}`,
      context: { value: round(w.cost, 4), threshold: p.usd, hour: w.hour.toISOString(), windowMinutes: 60 },
    }));
}

/** Budget crossings of the current period (day or month, project time zone) at the rule's level. */
export async function evalSpendBudget(c: EvalContext, p: RuleParams<"spend_budget">): Promise<Match[]> {
  const rows = await c.db
    .select()
    .from(alertEvent)
    .where(
      and(
        eq(alertEvent.projectId, c.rule.projectId),
        eq(alertEvent.kind, `budget.${p.level}`),
        gte(alertEvent.occurredAt, new Date(c.now.getTime() - 32 * 24 * HOUR_MS)),
        sql`${alertEvent.occurredAt} <= ${ts(c.now)}`,
      ),
    );
  const starts = {
    daily: dayBounds(c.now, c.settings.timezone).start.toISOString(),
    monthly: monthBounds(c.now, c.settings.timezone).start.toISOString(),
  };
  const f = c.rule.filters;
  const out: Match[] = [];
  for (const r of rows) {
    const d = r.data as {
      budgetId?: string;
      scope?: string;
      target?: string | null;
      period?: "daily" | "monthly";
      periodStart?: string;
      amountUsd?: number;
      spentUsd?: number;
      percent?: number;
    };
    if (!d.budgetId || !d.period || d.periodStart !== starts[d.period]) continue; // an earlier period's
    if (f.agent && !(d.scope === "agent" && d.target === f.agent)) continue;
    if (f.model && !(d.scope === "model" && d.target === f.model)) continue;
    out.push({
      groupKey: `budget:${d.budgetId}`,
      title: r.subject,
      agent: d.scope === "agent" ? (d.target ?? null) : null,
      model: d.scope === "model" ? (d.target ?? null) : null,
      context: {
        value: d.spentUsd,
        threshold: d.amountUsd,
        percent: d.percent,
        period: d.period,
        periodStart: d.periodStart,
        budgetId: d.budgetId,
      },
    });
  }
  return out;
}
