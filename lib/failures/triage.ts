// Triage: state changes, assignment and notes, each recorded in the issue's history with who and when.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { failureIssue, issueActivity, user } from "@/db/schema";
import { badRequest, notFound } from "@/lib/api/errors";
import type { TriageAction } from "./schemas";

export async function applyTriage({
  db,
  projectId,
  issueId,
  userId,
  action,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  issueId: string;
  userId: string | null;
  action: TriageAction;
  now?: Date;
}): Promise<void> {
  await db.transaction(async (tx) => {
    const [issue] = await tx
      .select()
      .from(failureIssue)
      .where(and(eq(failureIssue.id, issueId), eq(failureIssue.projectId, projectId)))
      .for("update");
    if (!issue) throw notFound("No such issue in this project.");
    const log = (kind: string, data: Record<string, unknown>) =>
      tx.insert(issueActivity).values({ projectId, issueId, userId, kind, data, createdAt: now });
    switch (action.action) {
      case "resolve": {
        const detail = {
          inVersion: action.in_version ?? null,
          inNextRelease: action.in_next_release ?? false,
        };
        await tx
          .update(failureIssue)
          .set({
            state: "resolved",
            resolvedAt: now,
            stateDetail: detail,
            ignoredUntil: null,
            ignoredUntilCount: null,
          })
          .where(eq(failureIssue.id, issueId));
        await log("state_change", { from: issue.state, to: "resolved", ...detail });
        return;
      }
      case "ignore": {
        const until = action.until ? new Date(action.until) : null;
        if (until && until <= now) throw badRequest("An ignore date must be in the future.");
        const untilCount = action.until_count ? issue.eventCount + action.until_count : null;
        await tx
          .update(failureIssue)
          .set({
            state: "ignored",
            ignoredUntil: until,
            ignoredUntilCount: untilCount,
            stateDetail: { untilCount: action.until_count ?? null, until: action.until ?? null },
          })
          .where(eq(failureIssue.id, issueId));
        await log("state_change", {
          from: issue.state,
          to: "ignored",
          untilCount: action.until_count ?? null,
          until: action.until ?? null,
        });
        return;
      }
      case "reopen": {
        await tx
          .update(failureIssue)
          .set({
            state: "ongoing",
            stateDetail: null,
            resolvedAt: null,
            ignoredUntil: null,
            ignoredUntilCount: null,
          })
          .where(eq(failureIssue.id, issueId));
        await log("state_change", { from: issue.state, to: "ongoing" });
        return;
      }
      case "assign": {
        if (action.user_id) {
          const [u] = await tx.select({ id: user.id }).from(user).where(eq(user.id, action.user_id));
          if (!u) throw badRequest("No such user.");
        }
        await tx.update(failureIssue).set({ assigneeId: action.user_id }).where(eq(failureIssue.id, issueId));
        await log("assign", { from: issue.assigneeId, to: action.user_id });
        return;
      }
      case "note":
        await log("note", { text: action.text });
        return;
    }
  });
}
