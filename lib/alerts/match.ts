// What a rule's condition finds, and the SQL pieces the kinds share: the rule's filters on jobs, and the
// expression that names the group (one incident per rule and group key).
import { eq, type SQL, sql } from "drizzle-orm";
import { job } from "@/db/schema";
import type { GroupBy, RuleFilters } from "./rule-schemas";

/** One group the condition holds for, with its figures and links. */
export type Match = {
  groupKey: string;
  title: string;
  /** The figures (value, threshold or baseline, window) and links (issueIds, jobIds, agent). */
  context: Record<string, unknown>;
  /** What silences match on, when the group pins it down. */
  agent?: string | null;
  model?: string | null;
  harness?: string | null;
};

/** The rule's filters as conditions on the job table (every set filter must hold). */
export function jobFilters(f: RuleFilters): SQL[] {
  const out: SQL[] = [];
  if (f.agent) out.push(eq(job.agentName, f.agent));
  if (f.model) out.push(eq(job.model, f.model));
  if (f.harness) out.push(eq(job.harness, f.harness));
  if (f.failureClass) out.push(eq(job.failureClass, f.failureClass));
  if (f.label) {
    const at = f.label.indexOf("=");
    const key = f.label.slice(0, at);
    const value = f.label.slice(at + 1);
    // labels are an object {key: value}, or a list of "key=value" strings
    out.push(
      sql`(case jsonb_typeof(${job.labels}) when 'object' then ${job.labels} ->> ${key} = ${value} when 'array' then ${job.labels} ? ${f.label} else false end)`,
    );
  }
  return out;
}

/** The group key of a job row: "project", "agent:<name>", "model:<m>", "harness:<h>", "job:<id>", "issue:<id>". */
export function jobGroupKey(groupBy: GroupBy): SQL<string> {
  switch (groupBy) {
    case "agent":
      return sql<string>`'agent:' || coalesce(${job.agentName}, '(none)')`;
    case "model":
      return sql<string>`'model:' || coalesce(${job.model}, '(none)')`;
    case "harness":
      return sql<string>`'harness:' || coalesce(${job.harness}, '(none)')`;
    case "job":
      return sql<string>`'job:' || ${job.externalId}`;
    case "issue":
      return sql<string>`'issue:' || coalesce(${job.failureIssueId}::text, '(none)')`;
    default:
      return sql<string>`'project'`;
  }
}

/** What a group key pins down for silences: agent:x → {agent: x}, and so on. */
export function groupFacets(groupKey: string): Pick<Match, "agent" | "model" | "harness"> {
  const at = groupKey.indexOf(":");
  if (at < 0) return {};
  const kind = groupKey.slice(0, at);
  const value = groupKey.slice(at + 1);
  if (kind === "agent" || kind === "model" || kind === "harness") return { [kind]: value };
  return {};
}

/** A readable name of the group for titles. */
export function groupLabel(groupKey: string): string {
  if (groupKey === "project") return "the project";
  const at = groupKey.indexOf(":");
  return at < 0 ? groupKey : `${groupKey.slice(0, at)} ${groupKey.slice(at + 1)}`;
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));
export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
