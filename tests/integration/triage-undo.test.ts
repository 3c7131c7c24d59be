// The triage queue's undo (issue 19, point 9): `{action: "undo", activity_id}` puts back exactly what a
// resolve, ignore or assignment replaced (state, its details, resolved/ignored-until fields, assignee), is
// audited, and is refused with a 409 once anything changed the issue since (a later change, or an undo).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as triageRoute } from "@/app/api/v1/issues/[id]/triage/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { auditLog, failureIssue, issueActivity } from "@/db/schema";
import { userActor } from "@/lib/audit/record";
import { createApiKey } from "@/lib/auth/api-keys";
import { getIssue } from "@/lib/failures/queries";
import { issueDetailSchema } from "@/lib/failures/schemas";
import { applyTriage } from "@/lib/failures/triage";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createTestProject } from "../helpers/db";
import { failingJob } from "../helpers/failures";
import { createUser } from "../helpers/users";

describe("triage undo", () => {
  let handle: DbHandle;
  let projectId: string;
  let triageKey: string;
  let me: { id: string; email: string };
  beforeAll(async () => {
    handle = await getDbHandle();
    projectId = (await createTestProject(handle)).id;
    triageKey = (await createApiKey({ db: handle.db, projectId, name: "t", scopes: ["triage"] })).key;
    me = await createUser(handle.db, "member");
  });
  afterAll(async () => {
    await handle.close();
  });

  /** A fresh issue of its own (a unique message), returned as its row. */
  const newIssue = async (message: string) => {
    await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: failingJob(message, 30) });
    const [row] = await handle.db
      .select()
      .from(failureIssue)
      .where(and(eq(failureIssue.projectId, projectId), eq(failureIssue.sampleMessage, message)));
    if (!row) throw new Error("no issue");
    return row;
  };
  const row = async (id: string) =>
    (await handle.db.select().from(failureIssue).where(eq(failureIssue.id, id)))[0];
  const triage = (issueId: string, action: Parameters<typeof applyTriage>[0]["action"]) =>
    applyTriage({ db: handle.db, projectId, issueId, userId: me.id, actor: userActor(me, null), action });
  /** The id of the issue's latest activity entry, as the queue picks it from the POST's answer. */
  const lastChange = async (issueId: string) => {
    const detail = await getIssue({ db: handle.db, projectId, id: issueId });
    return detail?.activity.filter((a) => a.kind === "state_change" || a.kind === "assign").at(-1)?.id ?? "";
  };
  const post = (issueId: string, body: object) =>
    triageRoute(
      new Request(`http://x/api/v1/issues/${issueId}/triage`, {
        method: "POST",
        headers: { authorization: `Bearer ${triageKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ id: issueId }) },
    );

  it("puts a regressed issue back as regressed, with its resolved time, after a resolve", async () => {
    const issue = await newIssue("Error: undo me (regressed) ECONNRESET");
    // a regressed issue as ingest leaves it: resolved at 10:00 yesterday, then seen again
    const resolvedAt = new Date(Date.now() - 86_400_000);
    await handle.db
      .update(failureIssue)
      .set({ state: "regressed", resolvedAt, stateDetail: { inVersion: "1.2.3", inNextRelease: false } })
      .where(eq(failureIssue.id, issue.id));
    await triage(issue.id, { action: "resolve" });
    expect((await row(issue.id))?.state).toBe("resolved");

    const res = await post(issue.id, { action: "undo", activity_id: await lastChange(issue.id) });
    expect(res.status).toBe(200);
    expect(issueDetailSchema.parse(await res.json()).state).toBe("regressed");
    const after = await row(issue.id);
    // exactly what the resolve replaced: not "ongoing" (what a reopen gives) and the old resolve time kept
    expect(after?.state).toBe("regressed");
    expect(after?.resolvedAt?.toISOString()).toBe(resolvedAt.toISOString());
    expect(after?.stateDetail).toEqual({ inVersion: "1.2.3", inNextRelease: false });
    const audits = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, issue.id), eq(auditLog.action, "issue.undo")));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.after).toMatchObject({ state: "regressed" });
  });

  it("undoes an ignore-until-count back to new, clearing the count", async () => {
    const issue = await newIssue("Error: undo me (ignored) ETIMEDOUT");
    await triage(issue.id, { action: "ignore", until_count: 10 });
    // 1 failure so far + 10 more = ignored until the 11th
    expect((await row(issue.id))?.ignoredUntilCount).toBe(11);
    await triage(issue.id, { action: "undo", activity_id: await lastChange(issue.id) });
    const after = await row(issue.id);
    expect([after?.state, after?.ignoredUntilCount, after?.stateDetail]).toEqual(["new", null, null]);
  });

  it("gives an assignment back to whoever had it (here: nobody)", async () => {
    const issue = await newIssue("Error: undo me (assign) EPIPE");
    await triage(issue.id, { action: "assign", user_id: me.id });
    expect((await row(issue.id))?.assigneeId).toBe(me.id);
    await triage(issue.id, { action: "undo", activity_id: await lastChange(issue.id) });
    expect((await row(issue.id))?.assigneeId).toBeNull();
    const log = await handle.db.select().from(issueActivity).where(eq(issueActivity.issueId, issue.id));
    expect(log.map((a) => [a.kind, a.data.to ?? null])).toEqual([
      ["assign", me.id],
      ["assign", null],
    ]);
  });

  it("refuses with a 409 an undo that would overwrite a later change, and a second undo", async () => {
    const issue = await newIssue("Error: undo me (stale) EHOSTUNREACH");
    await triage(issue.id, { action: "resolve" });
    const resolve = await lastChange(issue.id);
    await triage(issue.id, { action: "reopen" }); // someone else reopened it meanwhile
    const stale = await post(issue.id, { action: "undo", activity_id: resolve });
    expect(stale.status).toBe(409);
    expect(errorResponseSchema.parse(await stale.json()).error.message).toMatch(/changed after that/);
    expect((await row(issue.id))?.state).toBe("ongoing");

    const reopen = await lastChange(issue.id);
    expect((await post(issue.id, { action: "undo", activity_id: reopen })).status).toBe(200);
    expect((await row(issue.id))?.state).toBe("resolved");
    expect((await post(issue.id, { action: "undo", activity_id: reopen })).status).toBe(409);

    const unknown = await post(issue.id, { action: "undo", activity_id: crypto.randomUUID() });
    expect(unknown.status).toBe(404);
    expect((await post(issue.id, { action: "undo", activity_id: "nope" })).status).toBe(400);
  });
});
