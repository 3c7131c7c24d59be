// Triage: state changes, assignment and notes, each recorded in the issue's history with who and when.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { failureIssue, issueActivity } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { badRequest, notFound } from "@/lib/http/errors";
import { assertAssignable } from "./assignees";
import type { TriageAction } from "./schemas";
import { stateSnapshot, undoChange } from "./undo";

export async function applyTriage({
  db,
  projectId,
  issueId,
  userId,
  actor,
  action,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  issueId: string;
  userId: string | null;
  /** Who triages (a user, or a key with the triage scope), for the audit log. */
  actor: AuditActor;
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
    const audit = (verb: string, before: unknown, after: unknown) =>
      recordAudit(tx, actor, {
        action: `issue.${verb}`,
        objectType: "issue",
        objectId: issueId,
        objectLabel: issue.title,
        projectId,
        before,
        after,
      });
    const was = { state: issue.state, stateDetail: issue.stateDetail };
    // every state change keeps what it replaced, so the triage queue's undo can put it back whole
    const before = stateSnapshot(issue);
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
        await log("state_change", { from: issue.state, to: "resolved", ...detail, before });
        await audit("resolve", was, { state: "resolved", stateDetail: detail });
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
        const detail = { untilCount: action.until_count ?? null, until: action.until ?? null };
        await log("state_change", { from: issue.state, to: "ignored", ...detail, before });
        await audit("ignore", was, { state: "ignored", stateDetail: detail });
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
        await log("state_change", { from: issue.state, to: "ongoing", before });
        await audit("reopen", was, { state: "ongoing", stateDetail: null });
        return;
      }
      case "assign": {
        if (action.user_id) await assertAssignable({ db: tx, projectId, userId: action.user_id });
        await tx.update(failureIssue).set({ assigneeId: action.user_id }).where(eq(failureIssue.id, issueId));
        await log("assign", { from: issue.assigneeId, to: action.user_id });
        await audit("assign", { assigneeId: issue.assigneeId }, { assigneeId: action.user_id });
        return;
      }
      case "undo": {
        const undone = await undoChange(tx, issue, action.activity_id);
        if (undone.kind === "assign") {
          await log("assign", { from: undone.from, to: undone.to, undo_of: action.activity_id });
          await audit("undo", { assigneeId: undone.from }, { assigneeId: undone.to });
          return;
        }
        const to = undone.snapshot.state;
        await log("state_change", { from: undone.from, to, undo_of: action.activity_id, before });
        await audit("undo", was, { state: to, stateDetail: undone.snapshot.stateDetail });
        return;
      }
      case "note":
        await log("note", { text: action.text });
        await audit("note", null, { text: action.text });
        return;
      case "unmerge": {
        const [child] = await tx
          .select()
          .from(failureIssue)
          .where(and(eq(failureIssue.id, action.issue_id), eq(failureIssue.mergedIntoId, issueId)))
          .for("update");
        if (!child) throw badRequest("That issue is not merged into this one.");
        await tx.update(failureIssue).set({ mergedIntoId: null }).where(eq(failureIssue.id, child.id));
        await tx
          .update(failureIssue)
          .set({ eventCount: sql`greatest(0, ${failureIssue.eventCount} - ${child.eventCount})` })
          .where(eq(failureIssue.id, issueId));
        await log("unmerge", { issue: child.id, title: child.title, events: child.eventCount });
        await audit("unmerge", { mergedIssue: child.id, title: child.title }, null);
        await tx.insert(issueActivity).values({
          projectId,
          issueId: child.id,
          userId,
          kind: "unmerge",
          data: { from: issueId },
          createdAt: now,
        });
        return;
      }
    }
  });
}

/** Merges issues into the one with the most failures; returns its id. Merged issues keep their own jobs. */
export async function mergeIssues({
  db,
  projectId,
  ids,
  userId,
  actor,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  ids: string[];
  userId: string | null;
  /** Who merges, for the audit log. */
  actor: AuditActor;
  now?: Date;
}): Promise<string> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(failureIssue)
      .where(
        and(
          eq(failureIssue.projectId, projectId),
          inArray(failureIssue.id, ids),
          isNull(failureIssue.mergedIntoId),
        ),
      )
      .orderBy(failureIssue.id)
      .for("update");
    if (rows.length < 2) throw badRequest("Select at least two issues (not already merged) to merge.");
    const target = [...rows].sort(
      (a, b) => b.eventCount - a.eventCount || a.firstSeenAt.getTime() - b.firstSeenAt.getTime(),
    )[0] as (typeof rows)[number];
    const sources = rows.filter((r) => r.id !== target.id);
    // issues merged into a source move to the target as well
    await tx
      .update(failureIssue)
      .set({ mergedIntoId: target.id })
      .where(
        inArray(
          failureIssue.mergedIntoId,
          sources.map((s) => s.id),
        ),
      );
    await tx
      .update(failureIssue)
      .set({ mergedIntoId: target.id })
      .where(
        inArray(
          failureIssue.id,
          sources.map((s) => s.id),
        ),
      );
    const all = [target, ...sources];
    const first = new Date(Math.min(...all.map((r) => r.firstSeenAt.getTime())));
    const last = new Date(Math.max(...all.map((r) => r.lastSeenAt.getTime())));
    const union = (f: (r: (typeof rows)[number]) => string[]) => [...new Set(all.flatMap(f))].slice(0, 50);
    await tx
      .update(failureIssue)
      .set({
        eventCount: sources.reduce((n, s) => n + s.eventCount, target.eventCount),
        firstSeenAt: first,
        lastSeenAt: last,
        agents: union((r) => r.agents),
        models: union((r) => r.models),
        harnesses: union((r) => r.harnesses),
      })
      .where(eq(failureIssue.id, target.id));
    await tx.insert(issueActivity).values([
      {
        projectId,
        issueId: target.id,
        userId,
        kind: "merge",
        data: { issues: sources.map((s) => ({ id: s.id, title: s.title })) },
        createdAt: now,
      },
      ...sources.map((s) => ({
        projectId,
        issueId: s.id,
        userId,
        kind: "merge",
        data: { into: target.id },
        createdAt: now,
      })),
    ]);
    await recordAudit(tx, actor, {
      action: "issue.merge",
      objectType: "issue",
      objectId: target.id,
      objectLabel: target.title,
      projectId,
      before: { eventCount: target.eventCount },
      after: {
        eventCount: sources.reduce((n, s) => n + s.eventCount, target.eventCount),
        merged: sources.map((s) => ({ id: s.id, title: s.title })),
      },
    });
    return target.id;
  });
}
