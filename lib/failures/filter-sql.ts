// The failures page's filters (the selects and the search box) as SQL conditions, for the issue list and for
// the failed jobs behind the chart and the breakdown, so that all three show the same slice.
// Issue-level conditions (state, assignee, words) test the issue a job is listed under: its own, or the one
// it was merged into. Job-level ones (agent, model, harness, class) test the job itself in the chart: the
// failures of agent x, rather than every failure of an issue agent x once hit.
import { and, eq, exists, ilike, inArray, isNull, not, or, type SQL, sql } from "drizzle-orm";
import { alias, type PgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { failureIssue, job } from "@/db/schema";
import { badRequest } from "@/lib/http/errors";
import type { IssuesQuery } from "./schemas";
import { containsPattern, parseIssueQuery, queryStates, type SearchTerm } from "./search-query";

/** What narrows the failures page: the selects and the search box (`q`), without range, sort or limit. */
export type IssueFilters = Pick<
  IssuesQuery,
  "state" | "class" | "agent" | "model" | "harness" | "assignee" | "q"
>;

/** The columns the issue-level conditions read, of failure_issue or an alias of it. */
type Issue = Record<"state" | "assigneeId" | "title" | "sampleMessage", PgColumn>;

/** The search box's terms; a query that does not parse is the caller's error (400). */
export function searchTerms(q: string | undefined): SearchTerm[] {
  if (!q) return [];
  const parsed = parseIssueQuery(q);
  if (!parsed.ok) throw badRequest(parsed.error);
  return parsed.terms;
}

/** Any-of for the positive terms of one qualifier, none-of for its negated ones. */
function grouped(
  terms: SearchTerm[],
  kind: "agent" | "model" | "harness" | "class",
  test: (value: string) => SQL,
): SQL[] {
  const mine = terms.flatMap((t) => (t.kind === kind ? [t] : []));
  const out: SQL[] = [];
  const yes = mine.filter((t) => !t.negated).map((t) => test(t.value));
  if (yes.length) out.push(or(...yes) as SQL);
  for (const t of mine.filter((t) => t.negated)) out.push(not(test(t.value)));
  return out;
}

/** `value` is one of the array's elements (issues keep the agents, models and harnesses they hit). */
const inList = (col: PgColumn, value: string) => sql`${value} = any(${col})`;
/** Equal, where a missing value (NULL) counts as different, so negations keep the NULL rows. */
const same = (col: PgColumn, value: string) => sql`coalesce(${col} = ${value}, false)`;

/** State, assignee and words: about the issue itself. */
function issueOnly(issue: Issue, filters: IssueFilters, terms: SearchTerm[], userId: string | null): SQL[] {
  const where: SQL[] = [];
  // is: in the search box takes the place of the state select
  const states = queryStates(terms);
  if (states) where.push(inArray(issue.state, states));
  else if (filters.state === "open") where.push(inArray(issue.state, ["new", "ongoing", "regressed"]));
  else if (filters.state && filters.state !== "all") where.push(eq(issue.state, filters.state));
  for (const t of terms) if (t.kind === "is" && t.negated) where.push(not(inArray(issue.state, t.states)));
  if (filters.assignee === "none") where.push(isNull(issue.assigneeId));
  else if (filters.assignee === "me") where.push(userId ? eq(issue.assigneeId, userId) : sql`false`);
  else if (filters.assignee) where.push(eq(issue.assigneeId, filters.assignee));
  // words and phrases must all match (unlike qualifiers, they are not any-of)
  for (const t of terms) {
    if (t.kind !== "text") continue;
    const pattern = containsPattern(t.value);
    const found = sql`(${ilike(issue.title, pattern)} or coalesce(${ilike(issue.sampleMessage, pattern)}, false))`;
    where.push(t.negated ? not(found) : found);
  }
  return where;
}

/** Conditions on failure_issue rows for the issue list. */
export function issueConditions(filters: IssueFilters, userId: string | null): SQL[] {
  const terms = searchTerms(filters.q);
  const where = issueOnly(failureIssue, filters, terms, userId);
  if (filters.class) where.push(eq(failureIssue.failureClass, filters.class));
  if (filters.agent) where.push(inList(failureIssue.agents, filters.agent));
  if (filters.model) where.push(inList(failureIssue.models, filters.model));
  if (filters.harness) where.push(inList(failureIssue.harnesses, filters.harness));
  where.push(
    ...grouped(terms, "class", (v) => eq(failureIssue.failureClass, v)),
    ...grouped(terms, "agent", (v) => inList(failureIssue.agents, v)),
    ...grouped(terms, "model", (v) => inList(failureIssue.models, v)),
    ...grouped(terms, "harness", (v) => inList(failureIssue.harnesses, v)),
  );
  return where;
}

/** The columns the job-level conditions read: of job, or of failure_daily (class and issue only). */
export type FailedColumns = {
  failureClass: PgColumn;
  failureIssueId: PgColumn;
  agentName?: PgColumn;
  model?: PgColumn;
  harness?: PgColumn;
};

/**
 * Whether failure_daily can answer for these filters: not when they name an agent, model or harness (it has no
 * such columns), nor an empty class (it keeps a missing class as '', which would then match).
 */
export function dailyCanFilter(filters: IssueFilters): boolean {
  const terms = searchTerms(filters.q);
  if (filters.agent !== undefined || filters.model !== undefined || filters.harness !== undefined)
    return false;
  if (terms.some((t) => t.kind === "agent" || t.kind === "model" || t.kind === "harness")) return false;
  return filters.class !== "" && !terms.some((t) => t.kind === "class" && t.value === "");
}

/** Conditions on failed job rows (or failure_daily rows, given its columns) for the chart and the breakdown. */
export function failedJobConditions({
  db,
  projectId,
  filters,
  userId,
  cols = job,
}: {
  db: DbOrTx;
  projectId: string;
  filters: IssueFilters;
  userId: string | null;
  cols?: FailedColumns;
}): SQL[] {
  const terms = searchTerms(filters.q);
  const where: SQL[] = [];
  // a column the rows lack matches nothing (callers check dailyCanFilter first)
  const test = (col: PgColumn | undefined) => (v: string) => (col ? same(col, v) : sql`false`);
  if (filters.class) where.push(eq(cols.failureClass, filters.class));
  if (filters.agent) where.push(test(cols.agentName)(filters.agent));
  if (filters.model) where.push(test(cols.model)(filters.model));
  if (filters.harness) where.push(test(cols.harness)(filters.harness));
  where.push(
    ...grouped(terms, "class", test(cols.failureClass)),
    ...grouped(terms, "agent", test(cols.agentName)),
    ...grouped(terms, "model", test(cols.model)),
    ...grouped(terms, "harness", test(cols.harness)),
  );
  const owner = alias(failureIssue, "owner");
  const own = issueOnly(owner, filters, terms, userId);
  if (own.length) {
    const member = alias(failureIssue, "member");
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(member)
          .innerJoin(owner, eq(owner.id, sql`coalesce(${member.mergedIntoId}, ${member.id})`))
          .where(and(eq(member.id, cols.failureIssueId), eq(member.projectId, projectId), ...own)),
      ),
    );
  }
  return where;
}
