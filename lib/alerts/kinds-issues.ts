// The issue kinds, fed by the alert_signal rows ingest leaves in its transaction: a new issue, a regression,
// an issue passing N failures within a window. They fire on signals (absence clears nothing); their incident
// resolves when every issue it links is resolved.
import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { failureIssue, job } from "@/db/schema";
import type { EvalContext } from "./context";
import { jobFilters, type Match } from "./match";
import type { RuleParams } from "./rule-schemas";

export const ISSUE_KINDS = ["issue_new", "issue_regressed", "issue_count"] as const;

type JobFacts = {
  id: string;
  externalId: string;
  agent: string | null;
  model: string | null;
  harness: string | null;
};

/** The signals' jobs that pass the rule's filters (no filter: every job, and signals without one). */
async function passingJobs(c: EvalContext, jobIds: string[]): Promise<Map<string, JobFacts>> {
  if (jobIds.length === 0) return new Map();
  const rows = await c.db
    .select({
      id: job.id,
      externalId: job.externalId,
      agent: job.agentName,
      model: job.model,
      harness: job.harness,
    })
    .from(job)
    .where(and(eq(job.projectId, c.rule.projectId), inArray(job.id, jobIds), ...jobFilters(c.rule.filters)));
  return new Map(rows.map((r) => [r.id, r]));
}

function hasJobFilter(c: EvalContext): boolean {
  return Object.values(c.rule.filters).some((v) => v !== undefined && v !== "");
}

function keyFor(c: EvalContext, issueId: string, j: JobFacts | undefined): string {
  switch (c.rule.groupBy) {
    case "issue":
      return `issue:${issueId}`;
    case "agent":
      return `agent:${j?.agent ?? "(none)"}`;
    case "model":
      return `model:${j?.model ?? "(none)"}`;
    case "harness":
      return `harness:${j?.harness ?? "(none)"}`;
    case "job":
      return j ? `job:${j.externalId}` : `issue:${issueId}`;
    default:
      return "project";
  }
}

/** New or regressed issues among this tick's signals. */
export async function evalIssueSignals(
  c: EvalContext,
  kind: "issue_new" | "issue_regressed",
): Promise<Match[]> {
  const signals = c.signals.filter((s) => s.kind === kind);
  if (signals.length === 0) return [];
  const issueIds = [...new Set(signals.map((s) => s.issueId))];
  const issues = await c.db
    .select({ id: failureIssue.id, title: failureIssue.title, cls: failureIssue.failureClass })
    .from(failureIssue)
    .where(and(eq(failureIssue.projectId, c.rule.projectId), inArray(failureIssue.id, issueIds)));
  const byId = new Map(issues.map((i) => [i.id, i]));
  const jobs = await passingJobs(c, [...new Set(signals.flatMap((s) => (s.jobId ? [s.jobId] : [])))]);
  const groups = new Map<string, Match>();
  for (const s of signals) {
    const issue = byId.get(s.issueId);
    if (!issue) continue;
    const j = s.jobId ? jobs.get(s.jobId) : undefined;
    if (hasJobFilter(c) && !j) continue;
    const key = keyFor(c, issue.id, j);
    const prior = groups.get(key);
    const issueIdsOf = [...new Set([...((prior?.context.issueIds as string[]) ?? []), issue.id])];
    const jobIdsOf = [
      ...new Set([...((prior?.context.jobIds as string[]) ?? []), ...(j ? [j.externalId] : [])]),
    ];
    const verb = kind === "issue_new" ? "New issue" : "Issue regressed";
    groups.set(key, {
      groupKey: key,
      title:
        issueIdsOf.length === 1
          ? `${verb}: ${issue.title}`
          : `${issueIdsOf.length} issues: ${verb.toLowerCase()}`,
      agent: c.rule.groupBy === "agent" || c.rule.groupBy === "job" ? (j?.agent ?? null) : null,
      model: c.rule.groupBy === "model" ? (j?.model ?? null) : null,
      harness: c.rule.groupBy === "harness" ? (j?.harness ?? null) : null,
      context: {
        value: issueIdsOf.length,
        issueIds: issueIdsOf.slice(0, 50),
        jobIds: jobIdsOf.slice(0, 20),
        failureClass: issue.cls,
      },
    });
  }
  return [...groups.values()];
}

/** Issues touched since the last tick whose failures (filtered) within windowMinutes reach `count`. */
export async function evalIssueCount(c: EvalContext, p: RuleParams<"issue_count">): Promise<Match[]> {
  const issueIds = [...new Set(c.signals.map((s) => s.issueId))];
  if (issueIds.length === 0) return [];
  const from = new Date(c.now.getTime() - p.windowMinutes * 60_000);
  const rows = await c.db
    .select({
      issueId: sql<string>`${job.failureIssueId}::text`,
      n: sql<number>`count(*)::int`,
      jobIds: sql<string[]>`(array_agg(${job.externalId} order by ${job.endedAt} desc))[1:20]`,
      title: sql<string>`(select ${failureIssue.title} from ${failureIssue} where ${failureIssue.id} = ${job.failureIssueId})`,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, c.rule.projectId),
        inArray(job.failureIssueId, issueIds),
        eq(job.status, "failed"),
        gt(job.endedAt, from),
        lte(job.endedAt, c.now),
        ...jobFilters(c.rule.filters),
      ),
    )
    .groupBy(job.failureIssueId)
    .having(sql`count(*) >= ${p.count}`);
  return rows.map((r) => ({
    groupKey: c.rule.groupBy === "project" ? "project" : `issue:${r.issueId}`,
    title: `Issue seen ${r.n} times in ${p.windowMinutes} min: ${r.title}`,
    context: {
      value: r.n,
      threshold: p.count,
      windowMinutes: p.windowMinutes,
      issueIds: [r.issueId],
      jobIds: r.jobIds,
    },
  }));
}

/** Whether every issue an incident links is resolved (then the incident resolves with it). */
export async function issuesResolved(db: DbOrTx, projectId: string, issueIds: string[]): Promise<boolean> {
  if (issueIds.length === 0) return false;
  const rows = await db
    .select({ state: failureIssue.state, merged: failureIssue.mergedIntoId })
    .from(failureIssue)
    .where(and(eq(failureIssue.projectId, projectId), inArray(failureIssue.id, issueIds)));
  // a deleted issue counts as resolved; so does one whose state is resolved
  return rows.every((r) => r.state === "resolved") && rows.length <= issueIds.length;
}
