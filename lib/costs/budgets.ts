// Budgets: spend limits per project, agent or model, daily or monthly (in the project's time zone), with a
// warning level. Burn is read from usage_hourly (a month: whole days from usage_daily); crossings are recorded once
// each as alert events.
import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { alertEvent, budget, project } from "@/db/schema";
import { usageSource } from "@/lib/rollups/usage-daily";
import { dayBounds, monthBounds } from "@/lib/time/zone";
import { hourFloor as floorHour } from "./spend";

export const BUDGET_SCOPES = ["project", "agent", "model"] as const;
export const BUDGET_PERIODS = ["daily", "monthly"] as const;

export const budgetInputSchema = z
  .object({
    name: z.string().trim().max(200).optional(),
    scope: z.enum(BUDGET_SCOPES),
    target: z.string().trim().max(200).optional(),
    period: z.enum(BUDGET_PERIODS),
    amountUsd: z.coerce.number().positive().max(10_000_000),
    warnPercent: z.coerce.number().int().min(1).max(100).default(80),
  })
  .refine((b) => b.scope === "project" || (b.target && b.target.length > 0), {
    message: "An agent or model budget needs the agent's or model's name",
    path: ["target"],
  });
export type BudgetInput = z.input<typeof budgetInputSchema>;

/** Where the spend so far stands against the warning level and the amount: what budget alert events record. */
export type BudgetState = "ok" | "warning" | "exceeded";
/** The badge: where the period is heading (its forecast), not only where it stands. */
export const BUDGET_STATUSES = ["ok", "at_risk", "over"] as const;
export type BudgetForecastStatus = (typeof BUDGET_STATUSES)[number];
export type BudgetStatus = {
  id: string;
  name: string;
  scope: (typeof BUDGET_SCOPES)[number];
  target: string | null;
  period: (typeof BUDGET_PERIODS)[number];
  amountUsd: number;
  warnPercent: number;
  periodStart: Date;
  periodEnd: Date;
  spentUsd: number;
  percent: number;
  state: BudgetState;
  /** Spend at period end if the period's run rate so far continues. */
  forecastUsd: number;
  /** ok / at_risk / over, from the spend so far and the forecast (forecastStatus). */
  status: BudgetForecastStatus;
};

export function budgetName(b: { name: string | null; scope: string; target: string | null; period: string }) {
  if (b.name) return b.name;
  const what = b.scope === "project" ? "Project" : `${b.scope === "agent" ? "Agent" : "Model"} ${b.target}`;
  return `${what}, ${b.period}`;
}

export function stateOf(percent: number, warnPercent: number): BudgetState {
  if (percent >= 100) return "exceeded";
  return percent >= warnPercent ? "warning" : "ok";
}

/**
 * The badge of a budget. over: the spend so far has reached the amount. at_risk: not yet, but the forecast for
 * the period reaches the amount, or the spend so far has reached the warning level. ok: neither.
 */
export function forecastStatus({
  spentUsd,
  forecastUsd,
  amountUsd,
  warnPercent,
}: {
  spentUsd: number;
  forecastUsd: number;
  amountUsd: number;
  warnPercent: number;
}): BudgetForecastStatus {
  if (spentUsd >= amountUsd) return "over";
  if (forecastUsd >= amountUsd || spentUsd * 100 >= amountUsd * warnPercent) return "at_risk";
  return "ok";
}

/** Linear forecast: the spend so far divided by the elapsed share of the period (at least one hour elapsed). */
export function forecast(spent: number, start: Date, end: Date, now: Date): number {
  const total = end.getTime() - start.getTime();
  const elapsed = Math.min(total, Math.max(3_600_000, now.getTime() - start.getTime()));
  return (spent * total) / elapsed;
}

export async function listBudgetStatuses({
  db,
  projectId,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  now?: Date;
}): Promise<BudgetStatus[]> {
  const budgets = await db
    .select()
    .from(budget)
    .where(eq(budget.projectId, projectId))
    .orderBy(asc(budget.createdAt));
  if (budgets.length === 0) return [];
  const [p] = await db.select({ tz: project.timezone }).from(project).where(eq(project.id, projectId));
  const tz = p?.tz ?? "UTC";
  const day = dayBounds(now, tz);
  const month = monthBounds(now, tz);
  // Hourly rollups: a period starting off the hour (zones with :30 offsets) counts from the hour it starts in.
  // The month from usage_daily's whole UTC days plus usage_hourly at its edges; the day (a local day, maybe off
  // UTC midnight) from usage_hourly alone: both bounded by their period, not by history.
  const monthFrom = floorHour(month.start);
  const sumsOf = async (source: SQL, from: Date, to: Date) =>
    rowsOf<{ agent_name: string; model: string; cost: string }>(
      await db.execute(sql`
        select agent_name, model, coalesce(sum(cost_usd), 0) as cost from ${source}
        where project_id = ${projectId} and hour >= ${from.toISOString()}::timestamptz and hour < ${to.toISOString()}::timestamptz
        group by agent_name, model`),
    );
  const [daySums, monthSums] = await Promise.all([
    sumsOf(sql`usage_hourly`, floorHour(day.start), day.end),
    sumsOf(usageSource([projectId], { from: monthFrom, to: month.end }), monthFrom, month.end),
  ]);
  return budgets.map((b) => {
    const bounds = b.period === "daily" ? day : month;
    const spent = (b.period === "daily" ? daySums : monthSums)
      .filter((s) => b.scope === "project" || (b.scope === "agent" ? s.agent_name : s.model) === b.target)
      .reduce((acc, s) => acc + Number(s.cost), 0);
    const amount = Number(b.amountUsd);
    const percent = amount > 0 ? (spent / amount) * 100 : 0;
    const forecastUsd = forecast(spent, bounds.start, bounds.end, now);
    return {
      id: b.id,
      name: budgetName(b),
      scope: b.scope as BudgetStatus["scope"],
      target: b.target,
      period: b.period as BudgetStatus["period"],
      amountUsd: amount,
      warnPercent: b.warnPercent,
      periodStart: bounds.start,
      periodEnd: bounds.end,
      spentUsd: spent,
      percent,
      state: stateOf(percent, b.warnPercent),
      forecastUsd,
      status: forecastStatus({ spentUsd: spent, forecastUsd, amountUsd: amount, warnPercent: b.warnPercent }),
    };
  });
}

/**
 * Records a budget.warning / budget.exceeded alert event for each budget past its level in the current period,
 * once per budget, period and level (a unique dedupe key makes concurrent checkers harmless). Returns the
 * events recorded now.
 */
export async function checkBudgets({
  db,
  projectId,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  now?: Date;
}) {
  const statuses = await listBudgetStatuses({ db, projectId, now });
  const crossed = statuses.flatMap((s) => {
    const levels: ("warning" | "exceeded")[] =
      s.state === "exceeded" ? ["warning", "exceeded"] : s.state === "warning" ? ["warning"] : [];
    return levels.map((level) => ({
      projectId,
      kind: `budget.${level}`,
      dedupeKey: `budget:${s.id}:${s.periodStart.toISOString()}:${level}`,
      subject: `${s.name}: ${level === "exceeded" ? "over budget" : `${s.warnPercent}% of budget reached`}`,
      data: {
        budgetId: s.id,
        scope: s.scope,
        target: s.target,
        period: s.period,
        periodStart: s.periodStart.toISOString(),
        amountUsd: s.amountUsd,
        spentUsd: Number(s.spentUsd.toFixed(6)),
        percent: Number(s.percent.toFixed(2)),
      },
      occurredAt: now,
    }));
  });
  if (crossed.length === 0) return [];
  return db.insert(alertEvent).values(crossed).onConflictDoNothing().returning();
}

export async function createBudget({
  db,
  projectId,
  input,
}: {
  db: DbOrTx;
  projectId: string;
  input: BudgetInput;
}) {
  const b = budgetInputSchema.parse(input);
  const [row] = await db
    .insert(budget)
    .values({
      projectId,
      name: b.name || null,
      scope: b.scope,
      target: b.scope === "project" ? null : (b.target ?? null),
      period: b.period,
      amountUsd: b.amountUsd.toFixed(2),
      warnPercent: b.warnPercent,
    })
    .returning();
  if (!row) throw new Error("budget insert returned nothing");
  return row;
}

/** Deletes a budget of the project; the row as it was, or null when there was none. */
export async function deleteBudget({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  const [row] = await db
    .delete(budget)
    .where(and(eq(budget.projectId, projectId), eq(budget.id, id)))
    .returning();
  return row ?? null;
}

/** A budget as the audit log shows it. */
export function budgetAuditValues(b: typeof budget.$inferSelect) {
  return {
    name: b.name,
    scope: b.scope,
    target: b.target,
    period: b.period,
    amountUsd: b.amountUsd,
    warnPercent: b.warnPercent,
  };
}

/** One pass over every project with budgets (the watcher started by instrumentation.ts calls this). */
export async function checkAllBudgets({ db, now = new Date() }: { db: DbOrTx; now?: Date }) {
  // a deleted project's budgets (awaiting its purge) are checked no more
  const projects = await db
    .selectDistinct({ id: budget.projectId })
    .from(budget)
    .innerJoin(project, eq(project.id, budget.projectId))
    .where(isNull(project.deletedAt));
  let recorded = 0;
  for (const p of projects) recorded += (await checkBudgets({ db, projectId: p.id, now })).length;
  return recorded;
}
