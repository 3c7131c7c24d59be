// Undo of one triage change (the triage queue's "Undo"): puts back the issue's state or assignee exactly as it
// was before that change, from the snapshot the change wrote into its activity entry. Only the latest change of
// its kind can be undone, and only while the issue still shows it: anything done since (by anyone, or a
// regression) wins, and the undo is refused rather than overwriting it.
import { and, desc, eq, gt, inArray, or } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { failureIssue, ISSUE_STATES, type IssueState, issueActivity } from "@/db/schema";
import { conflict, notFound } from "@/lib/http/errors";

type IssueRow = typeof failureIssue.$inferSelect;

/** What a state change overwrites, kept in its activity entry so an undo can restore it whole. */
export type StateSnapshot = {
  state: IssueState;
  stateDetail: Record<string, unknown> | null;
  resolvedAt: string | null;
  ignoredUntil: string | null;
  ignoredUntilCount: number | null;
};

export function stateSnapshot(issue: IssueRow): StateSnapshot {
  return {
    state: issue.state,
    stateDetail: issue.stateDetail ?? null,
    resolvedAt: issue.resolvedAt?.toISOString() ?? null,
    ignoredUntil: issue.ignoredUntil?.toISOString() ?? null,
    ignoredUntilCount: issue.ignoredUntilCount ?? null,
  };
}

function readSnapshot(v: unknown): StateSnapshot | null {
  if (!v || typeof v !== "object") return null;
  const s = v as Record<string, unknown>;
  if (!ISSUE_STATES.includes(s.state as IssueState)) return null;
  const date = (x: unknown) => (typeof x === "string" && !Number.isNaN(Date.parse(x)) ? x : null);
  return {
    state: s.state as IssueState,
    stateDetail:
      s.stateDetail && typeof s.stateDetail === "object" ? (s.stateDetail as Record<string, unknown>) : null,
    resolvedAt: date(s.resolvedAt),
    ignoredUntil: date(s.ignoredUntil),
    ignoredUntilCount: typeof s.ignoredUntilCount === "number" ? s.ignoredUntilCount : null,
  };
}

const STALE = "The issue changed after that; reload it to see its state.";

/**
 * Undoes activity `activityId` of `issue` (locked by the caller). Returns what to log and audit:
 * the restored values, for the caller's activity entry and audit record.
 */
export async function undoChange(
  tx: Tx,
  issue: IssueRow,
  activityId: string,
): Promise<
  | { kind: "state_change"; from: IssueState; snapshot: StateSnapshot }
  | { kind: "assign"; from: string | null; to: string | null }
> {
  const [change] = await tx
    .select()
    .from(issueActivity)
    .where(
      and(
        eq(issueActivity.id, activityId),
        eq(issueActivity.issueId, issue.id),
        inArray(issueActivity.kind, ["state_change", "assign"]),
      ),
    );
  if (!change) throw notFound("No such state change or assignment on this issue.");
  // Anything of the same kind after it (an undo logs one too, so an undo is not undone twice).
  const kinds = change.kind === "assign" ? ["assign"] : ["state_change", "regression"];
  const [later] = await tx
    .select({ id: issueActivity.id })
    .from(issueActivity)
    .where(
      and(
        eq(issueActivity.issueId, issue.id),
        inArray(issueActivity.kind, kinds),
        or(
          gt(issueActivity.createdAt, change.createdAt),
          and(eq(issueActivity.createdAt, change.createdAt), gt(issueActivity.id, change.id)),
        ),
      ),
    )
    .orderBy(desc(issueActivity.createdAt))
    .limit(1);
  if (later) throw conflict(STALE);

  if (change.kind === "assign") {
    if ((change.data.to ?? null) !== issue.assigneeId) throw conflict(STALE);
    const to = typeof change.data.from === "string" ? change.data.from : null;
    await tx.update(failureIssue).set({ assigneeId: to }).where(eq(failureIssue.id, issue.id));
    return { kind: "assign", from: issue.assigneeId, to };
  }
  const snapshot = readSnapshot(change.data.before);
  // changes made before undo existed carry no snapshot: refusing beats guessing the details
  if (!snapshot) throw conflict("That change cannot be undone (it predates undo).");
  if (change.data.to !== issue.state) throw conflict(STALE);
  await tx
    .update(failureIssue)
    .set({
      state: snapshot.state,
      stateDetail: snapshot.stateDetail,
      resolvedAt: snapshot.resolvedAt ? new Date(snapshot.resolvedAt) : null,
      ignoredUntil: snapshot.ignoredUntil ? new Date(snapshot.ignoredUntil) : null,
      ignoredUntilCount: snapshot.ignoredUntilCount,
    })
    .where(eq(failureIssue.id, issue.id));
  return { kind: "state_change", from: issue.state, snapshot };
}
