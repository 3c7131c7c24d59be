// "What would this rule have done?": replays the rule over the last N days against stored history and lists the
// incidents it would have opened (group key, opened at, resolved at). The windowed kinds re-run the evaluator's
// own condition at each step (every 5 to 60 minutes: a quarter of the rule's window), and resolve after
// resolve_after_seconds clear like the evaluator; the issue kinds read failure_issue and its regressions.
// agent_offline and job_stalled depend on live state history does not keep (last heartbeat, which jobs ran),
// so they are not replayed: the answer says so.
import { and, eq, gt, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { failureIssue, issueActivity, job } from "@/db/schema";
import { getProjectSettings } from "@/lib/projects/queries";
import type { Backtest } from "./api-schemas";
import type { EvalContext, EvalRule, IssueSignal } from "./context";
import { evaluateKind } from "./evaluate";
import { scheduleRunBacktest } from "./kinds-schedules";
import type { AlertRuleInput } from "./rule-schemas";

const MIN = 60_000;
const NOT_REPLAYED = ["agent_offline", "job_stalled"];

type Sim = { group_key: string; opened_at: string; resolved_at: string | null; title: string };

function stepMinutes(rule: AlertRuleInput): number {
  const w = "windowMinutes" in rule.params ? (rule.params.windowMinutes as number) : 60;
  return Math.min(60, Math.max(5, Math.round(w / 4)));
}

async function replay(
  c: Omit<EvalContext, "now">,
  from: Date,
  to: Date,
  step: number,
  signals?: () => Promise<IssueSignal[]>,
) {
  const open = new Map<string, { sim: Sim; clearSince: number | null }>();
  const out: Sim[] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += step * MIN) {
    const now = new Date(t);
    const matches = await evaluateKind({ ...c, now, signals: signals ? await signals() : [] });
    const seen = new Set(matches.map((m) => m.groupKey));
    for (const m of matches) {
      const cur = open.get(m.groupKey);
      if (cur) cur.clearSince = null;
      else {
        const sim = {
          group_key: m.groupKey,
          opened_at: now.toISOString(),
          resolved_at: null,
          title: m.title,
        };
        open.set(m.groupKey, { sim, clearSince: null });
        out.push(sim);
      }
    }
    for (const [key, cur] of open) {
      if (seen.has(key)) continue;
      cur.clearSince ??= t;
      if (t - cur.clearSince >= c.rule.resolveAfterSeconds * 1000) {
        cur.sim.resolved_at = now.toISOString();
        open.delete(key);
      }
    }
  }
  return out;
}

async function issueIncidents(db: DbOrTx, rule: EvalRule, from: Date, to: Date): Promise<Sim[]> {
  const f = rule.filters;
  const conds = [
    eq(failureIssue.projectId, rule.projectId),
    ...(f.failureClass ? [eq(failureIssue.failureClass, f.failureClass)] : []),
    ...(f.agent ? [sql`${f.agent} = any(${failureIssue.agents})`] : []),
    ...(f.model ? [sql`${f.model} = any(${failureIssue.models})`] : []),
    ...(f.harness ? [sql`${f.harness} = any(${failureIssue.harnesses})`] : []),
  ];
  const resolvedAt = (r: { state: string; resolvedAt: Date | null }, after: Date) =>
    r.state === "resolved" && r.resolvedAt && r.resolvedAt > after && r.resolvedAt <= to
      ? r.resolvedAt.toISOString()
      : null;
  if (rule.kind === "issue_new") {
    const rows = await db
      .select()
      .from(failureIssue)
      .where(and(...conds, gt(failureIssue.firstSeenAt, from), lte(failureIssue.firstSeenAt, to)))
      .orderBy(failureIssue.firstSeenAt);
    return rows.map((r) => ({
      group_key: rule.groupBy === "issue" ? `issue:${r.id}` : "project",
      opened_at: r.firstSeenAt.toISOString(),
      resolved_at: resolvedAt(r, r.firstSeenAt),
      title: `New issue: ${r.title}`,
    }));
  }
  const rows = await db
    .select({ at: issueActivity.createdAt, issue: failureIssue })
    .from(issueActivity)
    .innerJoin(failureIssue, eq(failureIssue.id, issueActivity.issueId))
    .where(
      and(
        ...conds,
        eq(issueActivity.kind, "regression"),
        gt(issueActivity.createdAt, from),
        lte(issueActivity.createdAt, to),
      ),
    )
    .orderBy(issueActivity.createdAt);
  return rows.map((r) => ({
    group_key: rule.groupBy === "issue" ? `issue:${r.issue.id}` : "project",
    opened_at: r.at.toISOString(),
    resolved_at: resolvedAt(r.issue, r.at),
    title: `Issue regressed: ${r.issue.title}`,
  }));
}

export async function backtestRule(
  db: DbOrTx,
  projectId: string,
  input: AlertRuleInput,
  { now = new Date(), days = 7 }: { now?: Date; days?: number } = {},
): Promise<Backtest> {
  const from = new Date(now.getTime() - days * 86_400_000);
  const rule: EvalRule = { ...input, id: "00000000-0000-0000-0000-000000000000", projectId };
  const settings = await getProjectSettings({ db, projectId });
  const base = { from: from.toISOString(), to: now.toISOString(), step_minutes: 0, note: null };
  if (NOT_REPLAYED.includes(rule.kind)) {
    return {
      ...base,
      incidents: [],
      note: `${rule.kind} depends on live state (heartbeats, running jobs) that stored history does not keep: it cannot be replayed.`,
    };
  }
  if (rule.kind === "issue_new" || rule.kind === "issue_regressed") {
    return { ...base, incidents: await issueIncidents(db, rule, from, now) };
  }
  if (rule.kind === "schedule_run") {
    return { ...base, incidents: await scheduleRunBacktest(db, rule, from, now) };
  }
  const step = stepMinutes(input);
  const ctx = { db, rule, settings, signals: [] };
  if (rule.kind === "issue_count") {
    // every issue with a failure in the replayed span (plus one window before it) stands for a signal
    const w = (input.params as { windowMinutes: number }).windowMinutes;
    const ids = await db
      .selectDistinct({ id: job.failureIssueId })
      .from(job)
      .where(
        and(
          eq(job.projectId, projectId),
          isNotNull(job.failureIssueId),
          gt(job.endedAt, new Date(from.getTime() - w * MIN)),
          lte(job.endedAt, now),
        ),
      );
    const signals = ids.map((r, i) => ({
      id: i,
      kind: "issue_event",
      issueId: r.id as string,
      jobId: null,
      at: now,
    }));
    const sims = await replay(ctx, from, now, step, async () => signals);
    // an issue incident resolves with its issue, not when the count falls
    const resolved = await db
      .select({ id: failureIssue.id, state: failureIssue.state, resolvedAt: failureIssue.resolvedAt })
      .from(failureIssue)
      .where(
        inArray(
          failureIssue.id,
          ids.length ? ids.map((r) => r.id as string) : ["00000000-0000-0000-0000-000000000000"],
        ),
      );
    const byKey = new Map(resolved.map((r) => [`issue:${r.id}`, r]));
    return {
      ...base,
      step_minutes: step,
      incidents: sims.map((s) => {
        const r = byKey.get(s.group_key);
        const at =
          r?.state === "resolved" && r.resolvedAt && r.resolvedAt.toISOString() > s.opened_at
            ? r.resolvedAt
            : null;
        return { ...s, resolved_at: at ? at.toISOString() : null };
      }),
    };
  }
  return { ...base, step_minutes: step, incidents: await replay(ctx, from, now, step) };
}
