// Failure issues on the write path: every failed job is classified, fingerprinted and counted into its
// issue in the ingest transaction. A resolved issue seen again regresses; an ignored one comes back when
// its count or date is reached. Transitions are recorded in the issue's history.
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { Tx } from "@/db/client";
import { alertSignal, failureIssue, failureRule, type IssueState, issueActivity, job } from "@/db/schema";
import { classify } from "./classify";
import { fingerprint, issueTitle } from "./fingerprint";
import { BUILTIN_RULES, type Rule } from "./rules";
import type { FailureClass } from "./taxonomy";

export type FailedJob = {
  id: string;
  /** The tool whose failed result was the job's last tool result, when the job ended on a tool failure. */
  tool?: string | null;
  agent: string | null;
  harness: string | null;
  model: string | null;
  endedAt: Date;
  error: { type?: string; message?: string; code?: string | number; exit_code?: number } | null;
};

const LIST_CAP = 50;

/** The project's own enabled rules merged with the built-in ones, in priority order. */
export async function loadRules(tx: Tx, projectId: string): Promise<Rule[]> {
  const rows = await tx
    .select()
    .from(failureRule)
    .where(
      and(
        or(eq(failureRule.projectId, projectId), isNull(failureRule.projectId)),
        eq(failureRule.enabled, true),
      ),
    );
  const custom: Rule[] = rows.map((r) => ({
    name: r.name,
    failureClass: r.failureClass as FailureClass,
    priority: r.priority,
    errorType: r.errorType,
    code: r.code,
    exitCode: r.exitCode,
    messagePattern: r.messagePattern,
    tool: r.tool,
    harness: r.harness,
    model: r.model,
  }));
  return [...custom, ...BUILTIN_RULES].sort((a, b) => a.priority - b.priority);
}

type IssueFacts = {
  state: IssueState;
  resolvedAt: Date | null;
  ignoredUntil: Date | null;
  ignoredUntilCount: number | null;
  eventCount: number;
};

/** The state an issue moves to when failures (the latest at `at`) arrive, or null when it stays. */
export function nextState(issue: IssueFacts, at: Date, added: number): IssueState | null {
  if (issue.state === "resolved" && (!issue.resolvedAt || at > issue.resolvedAt)) return "regressed";
  if (issue.state === "ignored") {
    if (issue.ignoredUntil && at > issue.ignoredUntil) return "ongoing";
    if (issue.ignoredUntilCount !== null && issue.eventCount + added >= issue.ignoredUntilCount)
      return "ongoing";
  }
  return null;
}

const merged = (a: string[], b: (string | null)[]) =>
  [...new Set([...a, ...b.filter((x): x is string => !!x)])].slice(0, LIST_CAP);

type Group = { fp: string; cls: FailureClass; title: string; message: string; jobs: FailedJob[] };

function groupFailures(failed: FailedJob[], rules: Rule[]) {
  const groups = new Map<string, Group>();
  const jobFp = new Map<string, { cls: FailureClass; fp: string }>();
  for (const j of failed) {
    const message = j.error?.message ?? "";
    const { failureClass } = classify(
      {
        message,
        type: j.error?.type,
        code: j.error?.code,
        exitCode: j.error?.exit_code,
        harness: j.harness,
        model: j.model,
        tool: j.tool,
      },
      rules,
    );
    const fp = fingerprint({ failureClass, message, tool: j.tool });
    jobFp.set(j.id, { cls: failureClass, fp });
    const g = groups.get(fp) ?? {
      fp,
      cls: failureClass,
      title: issueTitle({ failureClass, message, type: j.error?.type }),
      message,
      jobs: [],
    };
    g.jobs.push(j);
    groups.set(fp, g);
  }
  return { groups, jobFp };
}

type Stats = {
  count: number;
  first: Date;
  last: Date;
  agents: (string | null)[];
  models: (string | null)[];
  harnesses: (string | null)[];
  job: string | undefined;
};

/** Counts failures into an existing issue; with `transitions`, a resolved or ignored issue may come back. */
async function addFailures(
  tx: Tx,
  projectId: string,
  cur: typeof failureIssue.$inferSelect,
  s: Stats,
  transitions: boolean,
): Promise<IssueState | null> {
  const to = transitions ? nextState(cur, s.last, s.count) : null;
  await tx
    .update(failureIssue)
    .set({
      eventCount: sql`${failureIssue.eventCount} + ${s.count}`,
      firstSeenAt: s.first < cur.firstSeenAt ? s.first : cur.firstSeenAt,
      lastSeenAt: s.last > cur.lastSeenAt ? s.last : cur.lastSeenAt,
      agents: merged(cur.agents, s.agents),
      models: merged(cur.models, s.models),
      harnesses: merged(cur.harnesses, s.harnesses),
      ...(to ? { state: to, ignoredUntil: null, ignoredUntilCount: null } : {}),
    })
    .where(eq(failureIssue.id, cur.id));
  if (!to) return null;
  await tx.insert(issueActivity).values({
    projectId,
    issueId: cur.id,
    userId: null,
    kind: to === "regressed" ? "regression" : "state_change",
    data: {
      from: cur.state,
      to,
      reason: to === "regressed" ? "seen again after it was resolved" : "the ignore period is over",
      job: s.job,
    },
  });
  return to;
}

/**
 * For each job of `projectId`: the tool of its last tool result, when that result failed (the job ended on a tool
 * failure). The project bounds the read to its own partitions of transcript_entry.
 */
export async function endingToolFailures(
  tx: Tx,
  projectId: string,
  jobIds: string[],
): Promise<Map<string, string>> {
  if (jobIds.length === 0) return new Map();
  const ids = sql.join(
    jobIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = rowsOf<{ job_id: string; tool: string | null; is_error: boolean | null }>(
    await tx.execute(sql`
      select distinct on (r.job_id) r.job_id, c.tool, r.is_error
      from transcript_entry r
      left join transcript_entry c on c.project_id = ${projectId} and c.job_id = r.job_id
        and c.call_id = r.call_id and c.kind = 'tool_call'
      where r.project_id = ${projectId} and r.job_id in (${ids}) and r.kind = 'tool_result'
      order by r.job_id, r.time desc, r.seq desc nulls last`),
  );
  return new Map(rows.filter((r) => r.is_error && r.tool).map((r) => [r.job_id, r.tool as string]));
}

export async function recordFailures(tx: Tx, projectId: string, failedJobs: FailedJob[]): Promise<void> {
  if (failedJobs.length === 0) return;
  const tools = await endingToolFailures(
    tx,
    projectId,
    failedJobs.map((j) => j.id),
  );
  const failed = failedJobs.map((j) => ({ ...j, tool: j.tool ?? tools.get(j.id) ?? null }));
  const { groups, jobFp } = groupFailures(failed, await loadRules(tx, projectId));
  const fps = [...groups.keys()].sort();
  // Lock the existing issues in a fixed order (concurrent batches), then apply counts and transitions.
  const existing = await tx
    .select()
    .from(failureIssue)
    .where(and(eq(failureIssue.projectId, projectId), inArray(failureIssue.fingerprint, fps)))
    .orderBy(failureIssue.fingerprint)
    .for("update");
  const byFp = new Map(existing.map((i) => [i.fingerprint, i]));
  const issueIds = new Map<string, string>();
  // What the alert evaluator hears of this batch (lib/alerts): written below in one insert, nothing sent inline.
  const signals: (typeof alertSignal.$inferInsert)[] = [];
  const signal = (kind: string, issueId: string, jobId: string | undefined, at: Date) =>
    signals.push({ projectId, kind, issueId, jobId: jobId ?? null, at });
  for (const fp of fps) {
    const g = groups.get(fp) as Group;
    const times = g.jobs.map((j) => j.endedAt.getTime());
    const first = new Date(Math.min(...times));
    const last = new Date(Math.max(...times));
    const agents = g.jobs.map((j) => j.agent);
    const models = g.jobs.map((j) => j.model);
    const harnesses = g.jobs.map((j) => j.harness);
    const cur = byFp.get(fp);
    if (!cur) {
      const [row] = await tx
        .insert(failureIssue)
        .values({
          projectId,
          fingerprint: fp,
          failureClass: g.cls,
          title: g.title,
          tool: g.jobs[0]?.tool ?? null,
          sampleMessage: g.message.slice(0, 4000),
          state: "new",
          eventCount: g.jobs.length,
          firstSeenAt: first,
          lastSeenAt: last,
          agents: merged([], agents),
          models: merged([], models),
          harnesses: merged([], harnesses),
        })
        .onConflictDoUpdate({
          // a concurrent batch created it between our read and this insert
          target: [failureIssue.projectId, failureIssue.fingerprint],
          set: {
            eventCount: sql`${failureIssue.eventCount} + ${g.jobs.length}`,
            lastSeenAt: sql`greatest(${failureIssue.lastSeenAt}, ${last.toISOString()}::timestamptz)`,
          },
        })
        .returning({ id: failureIssue.id, created: sql<boolean>`(xmax = 0)` });
      if (row) {
        issueIds.set(fp, row.id);
        signal(row.created ? "issue_new" : "issue_event", row.id, g.jobs[0]?.id, last);
      }
      continue;
    }
    issueIds.set(fp, cur.id);
    const stats = { count: g.jobs.length, first, last, agents, models, harnesses, job: g.jobs[0]?.id };
    if (cur.mergedIntoId) {
      // merged into another issue: its own counts stay right (for an unmerge), the target's move too
      await addFailures(tx, projectId, cur, stats, false);
      const [target] = await tx
        .select()
        .from(failureIssue)
        .where(eq(failureIssue.id, cur.mergedIntoId))
        .for("update");
      if (target) {
        const to = await addFailures(tx, projectId, target, stats, true);
        signal(to === "regressed" ? "issue_regressed" : "issue_event", target.id, stats.job, last);
      }
    } else {
      const to = await addFailures(tx, projectId, cur, stats, true);
      signal(to === "regressed" ? "issue_regressed" : "issue_event", cur.id, stats.job, last);
    }
  }
  if (signals.length > 0) await tx.insert(alertSignal).values(signals);
  // The jobs' class and issue in one statement: each UPDATE of job fires its rollups' statement triggers
  // (failure_daily, job_outcome_hourly), so one per job cost a batch of failures a millisecond each.
  const byJob = new Map<string, { id: string; cls: string; issue: string | null }>();
  for (const j of failed) {
    const c = jobFp.get(j.id);
    if (c) byJob.set(j.id, { id: j.id, cls: c.cls, issue: issueIds.get(c.fp) ?? null });
  }
  const classes = [...byJob.values()];
  if (classes.length > 0)
    await tx.execute(sql`
      update ${job} set failure_class = u.cls, failure_issue_id = u.issue
      from json_to_recordset(${JSON.stringify(classes)}::json) as u(id uuid, cls text, issue uuid)
      where ${job.id} = u.id`);
}
