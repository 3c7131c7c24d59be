// One evaluation tick: per project, in one transaction holding pg_try_advisory_xact_lock(alerts, project) so
// that exactly one instance evaluates a project at a time (another instance skips it this minute): every
// enabled rule's condition, the incidents it opens/updates/resolves, due escalations, and the consumed issue
// signals deleted. A rule that fails (bad stored params, a query error) is logged and skipped in a savepoint.
import { and, eq, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { Db, Tx } from "@/db/client";
import { alertRule, alertSignal, incident, project } from "@/db/schema";
import { logger } from "@/lib/logger";
import { getProjectSettings } from "@/lib/projects/queries";
import type { EvalContext, EvalRule, IssueSignal } from "./context";
import { applyMatches } from "./engine";
import { escalate, loadPolicy } from "./escalation";
import { closeIncident } from "./incidents";
import { evalAgentOffline, evalAgentQuiet, evalSpendBudget, evalSpendHourly } from "./kinds-fleet";
import { evalIssueCount, evalIssueSignals, ISSUE_KINDS } from "./kinds-issues";
import { evalCostPerSuccess, evalJobDuration, evalJobStalled, evalRate } from "./kinds-jobs";
import { evalScheduleRun } from "./kinds-schedules";
import { linkKey } from "./links";
import type { Match } from "./match";
import { type AlertRuleInput, alertRuleInputSchema } from "./rule-schemas";

/** The advisory lock namespace of the evaluator ("alrt"). */
const LOCK_NS = 0x616c7274;
const SIGNALS_PER_TICK = 20_000;

export type TickResult = {
  projects: number;
  /** Projects another evaluator held this tick. */
  skipped: number;
  opened: number;
  updated: number;
  resolved: number;
  escalated: number;
  failedRules: number;
};

export function evaluateKind(c: EvalContext): Promise<Match[]> {
  const r = c.rule;
  switch (r.kind) {
    case "issue_new":
    case "issue_regressed":
      return evalIssueSignals(c, r.kind);
    case "issue_count":
      return evalIssueCount(c, r.params);
    case "rate":
      return evalRate(c, r.params);
    case "cost_per_success":
      return evalCostPerSuccess(c, r.params);
    case "job_duration":
      return evalJobDuration(c, r.params);
    case "job_stalled":
      return evalJobStalled(c);
    case "agent_offline":
      return evalAgentOffline(c);
    case "agent_quiet":
      return evalAgentQuiet(c, r.params);
    case "spend_hourly":
      return evalSpendHourly(c, r.params);
    case "spend_budget":
      return evalSpendBudget(c, r.params);
    case "schedule_run":
      return evalScheduleRun(c, r.params);
  }
}

/** A stored rule, parsed like API input (a row edited by hand into something invalid is refused). */
export function parseStoredRule(row: typeof alertRule.$inferSelect): EvalRule | null {
  const parsed = alertRuleInputSchema.safeParse({
    name: row.name,
    kind: row.kind,
    params: row.params,
    filters: row.filters,
    groupBy: row.groupBy,
    severity: row.severity,
    escalationPolicyId: row.escalationPolicyId,
    destinationIds: row.destinationIds,
    resolveAfterSeconds: row.resolveAfterSeconds,
    enabled: row.enabled,
  });
  if (!parsed.success) return null;
  return { ...(parsed.data as unknown as AlertRuleInput), id: row.id, projectId: row.projectId };
}

async function evaluateProject(tx: Tx, projectId: string, now: Date, key: Buffer, result: TickResult) {
  const settings = await getProjectSettings({ db: tx, projectId });
  const signals: IssueSignal[] = await tx
    .select({
      id: alertSignal.id,
      kind: alertSignal.kind,
      issueId: alertSignal.issueId,
      jobId: alertSignal.jobId,
      at: alertSignal.at,
    })
    .from(alertSignal)
    .where(eq(alertSignal.projectId, projectId))
    .orderBy(alertSignal.id)
    .limit(SIGNALS_PER_TICK);
  const rows = await tx
    .select()
    .from(alertRule)
    .where(and(eq(alertRule.projectId, projectId), eq(alertRule.enabled, true)))
    .orderBy(alertRule.createdAt, alertRule.id);
  for (const row of rows) {
    const rule = parseStoredRule(row);
    if (!rule) {
      logger.warn({ ruleId: row.id }, "alert rule with invalid stored settings skipped");
      result.failedRules += 1;
      continue;
    }
    try {
      await tx.transaction(async (sp) => {
        const matches = await evaluateKind({ db: sp, rule, now, settings, signals });
        const eventKind = (ISSUE_KINDS as readonly string[]).includes(rule.kind);
        const s = await applyMatches(
          { tx: sp, rule, now, key, timeZone: settings.timezone, eventKind },
          matches,
        );
        result.opened += s.opened;
        result.updated += s.updated;
        result.resolved += s.resolved;
      });
    } catch (err) {
      logger.error({ err, ruleId: rule.id }, "alert rule evaluation failed");
      result.failedRules += 1;
    }
  }
  if (rows.length > 0) {
    await tx.update(alertRule).set({ lastEvaluatedAt: now }).where(eq(alertRule.projectId, projectId));
  }
  // a rule switched off takes its open incidents with it (nobody would hear of them clearing)
  const orphans = await tx
    .select({ incident })
    .from(incident)
    .innerJoin(alertRule, eq(alertRule.id, incident.ruleId))
    .where(
      and(eq(incident.projectId, projectId), ne(incident.status, "resolved"), eq(alertRule.enabled, false)),
    )
    .for("update", { of: incident });
  for (const { incident: inc } of orphans) {
    await closeIncident(tx, inc, { now, by: "system", key, reason: "its rule was disabled" });
    result.resolved += 1;
  }
  const due = await tx
    .select()
    .from(incident)
    .where(
      and(
        eq(incident.projectId, projectId),
        eq(incident.status, "firing"),
        eq(incident.muted, false),
        lte(incident.nextEscalationAt, now),
      ),
    )
    .orderBy(incident.nextEscalationAt)
    .for("update");
  for (const inc of due) {
    const [rule] = await tx.select().from(alertRule).where(eq(alertRule.id, inc.ruleId));
    const policy = await loadPolicy(tx, projectId, rule?.escalationPolicyId ?? null);
    if (await escalate(tx, inc, policy, now, key)) result.escalated += 1;
  }
  if (signals.length > 0) {
    // exactly the rows read: a signal committed meanwhile by a slower ingest (a lower id) waits for the next tick
    await tx.delete(alertSignal).where(
      inArray(
        alertSignal.id,
        signals.map((s) => s.id),
      ),
    );
  }
}

/** Runs one tick at `now` over every project (or the given ones). */
export async function evaluateAlerts(
  db: Db,
  now: Date = new Date(),
  opts: { projectIds?: string[] } = {},
): Promise<TickResult> {
  const result: TickResult = {
    projects: 0,
    skipped: 0,
    opened: 0,
    updated: 0,
    resolved: 0,
    escalated: 0,
    failedRules: 0,
  };
  const key = await linkKey(db);
  const ids =
    opts.projectIds ??
    // a deleted project (awaiting its purge) is evaluated no more
    (
      await db.select({ id: project.id }).from(project).where(isNull(project.deletedAt)).orderBy(project.id)
    ).map((p) => p.id);
  for (const projectId of ids) {
    const ran = await db.transaction(async (tx) => {
      const [lock] = rowsOf<{ locked: boolean }>(
        await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_NS}, hashtext(${projectId})) as locked`),
      );
      if (!lock?.locked) return false;
      await evaluateProject(tx, projectId, now, key, result);
      return true;
    });
    if (ran) result.projects += 1;
    else result.skipped += 1;
  }
  return result;
}
