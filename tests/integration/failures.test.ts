// Failure issues: classification on ingest, grouping by fingerprint, every state
// transition (resolve, regress, ignore forever / until a count / until a date, reopen), assignment, notes and
// merging. The custom range and the issues API are in failures-range-api.test.ts.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { failureIssue, job, user } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { getIssue, listIssues } from "@/lib/failures/queries";
import { applyTriage, mergeIssues } from "@/lib/failures/triage";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "../helpers/db";
import { FAILURES_BASE as base, failingJob, RATE_LIMIT_ERROR as RATE } from "../helpers/failures";

describe("failure issues", () => {
  let handle: DbHandle;
  let projectId: string;
  let userId: string;
  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    userId = `u-${Math.random().toString(36).slice(2)}`;
    await handle.db.insert(user).values({ id: userId, name: "Tri Ager", email: `${userId}@x.test` });
  });
  afterAll(async () => {
    await handle.close();
  });
  const ingest = (events: object[]) =>
    ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: events });
  const issues = () => handle.db.select().from(failureIssue).where(eq(failureIssue.projectId, projectId));
  const issueOf = async (message: string) => (await issues()).find((i) => i.sampleMessage === message);

  it("classifies failed jobs and groups variants of one error into one issue", async () => {
    await ingest([...failingJob(RATE("req_011A"), 10), ...failingJob(RATE("req_099Z"), 20)]);
    await ingest(failingJob("Error: ENOSPC: no space left on device, write '/tmp/build/out.log'", 30));
    const all = await issues();
    expect(all.map((i) => [i.failureClass, i.eventCount, i.state]).sort()).toEqual([
      ["infra", 1, "new"],
      ["rate_limit", 2, "new"],
    ]);
    const jobs = await handle.db.select().from(job).where(eq(job.projectId, projectId));
    expect(jobs.every((j) => j.failureIssueId && j.failureClass)).toBe(true);
  });

  it("fingerprints a job that ended on a failed tool call with the tool", async () => {
    const msg = "Command failed with exit code 2";
    const [start, failed] = failingJob(msg, 90);
    const job = (start as { job: string }).job;
    const t = (failed as { time: string }).time;
    await ingest([
      start as object,
      {
        id: `${job}-c`,
        type: "job.tool_call",
        time: t,
        seq: 1,
        job,
        data: { call_id: "b1", tool: "Bash", input: { command: "make" } },
      },
      {
        id: `${job}-r`,
        type: "job.tool_result",
        time: t,
        seq: 2,
        job,
        data: { call_id: "b1", is_error: true, output: "make: *** [all] Error 2" },
      },
      failed as object,
    ]);
    await ingest(failingJob(msg, 95)); // the same message without a failing tool: another issue
    const withTool = (await issues()).filter((i) => i.sampleMessage === msg);
    expect(withTool.map((i) => i.tool).sort()).toEqual(["Bash", null]);
  });

  it("regresses a resolved issue when it is seen again, and records it", async () => {
    const issue = await issueOf(RATE("req_011A"));
    if (!issue) throw new Error("no issue");
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: issue.id,
      userId,
      action: { action: "resolve", in_version: "2.1.90" },
    });
    // a failure from before the resolve arriving late does not regress it
    await ingest(failingJob(RATE("req_late"), 25));
    expect((await issueOf(RATE("req_011A")))?.state).toBe("resolved");
    await ingest(failingJob(RATE("req_new"), 3 * 24 * 60 + 5));
    const after = await issueOf(RATE("req_011A"));
    expect(after).toMatchObject({ state: "regressed", eventCount: 4 });
    const detail = await getIssue({ db: handle.db, projectId, id: issue.id });
    expect(detail?.activity.map((a) => [a.kind, a.data.to, a.user?.name ?? null])).toEqual([
      ["state_change", "resolved", "Tri Ager"],
      ["regression", "regressed", null],
    ]);
    // regressed issues come first in the default list
    const list = await listIssues({
      db: handle.db,
      projectId,
      filters: { state: "open", range: "all", sort: "last_seen", limit: 10 },
    });
    expect(list[0]?.id).toBe(issue.id);
  });

  it("ignores until a number of further failures, then brings it back", async () => {
    const issue = await issueOf("Error: ENOSPC: no space left on device, write '/tmp/build/out.log'");
    if (!issue) throw new Error("no issue");
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: issue.id,
      userId,
      action: { action: "ignore", until_count: 2 },
    });
    await ingest(
      failingJob("Error: ENOSPC: no space left on device, write '/var/lib/x.db'", 3 * 24 * 60 + 10),
    );
    expect((await getIssue({ db: handle.db, projectId, id: issue.id }))?.state).toBe("ignored");
    await ingest(failingJob("Error: ENOSPC: no space left on device, write '/srv/y'", 3 * 24 * 60 + 11));
    expect((await getIssue({ db: handle.db, projectId, id: issue.id }))?.state).toBe("ongoing");
  });

  it("ignores until a date, forever, and reopens", async () => {
    const msg =
      "fatal: unable to access 'https://github.com/acme/api.git/': Could not resolve host: github.com";
    await ingest(failingJob(msg, 40));
    const issue = await issueOf(msg);
    if (!issue) throw new Error("no issue");
    const now = new Date(base + 50 * 60_000);
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: issue.id,
      userId,
      now,
      action: { action: "ignore", until: new Date(base + 60 * 60_000).toISOString() },
    });
    await ingest(failingJob(msg, 55)); // inside the ignore window
    expect((await getIssue({ db: handle.db, projectId, id: issue.id }))?.state).toBe("ignored");
    await ingest(failingJob(msg, 70)); // after it
    expect((await getIssue({ db: handle.db, projectId, id: issue.id }))?.state).toBe("ongoing");
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: issue.id,
      userId,
      action: { action: "ignore" },
    });
    await ingest(failingJob(msg, 3 * 24 * 60 + 20));
    expect((await getIssue({ db: handle.db, projectId, id: issue.id }))?.state).toBe("ignored");
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: issue.id,
      userId,
      action: { action: "reopen" },
    });
    expect((await getIssue({ db: handle.db, projectId, id: issue.id }))?.state).toBe("ongoing");
  });

  it("assigns, notes, and filters by assignee and class", async () => {
    const issue = await issueOf(RATE("req_011A"));
    if (!issue) throw new Error("no issue");
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: issue.id,
      userId,
      action: { action: "assign", user_id: userId },
    });
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: issue.id,
      userId,
      action: { action: "note", text: "Raised the **tier** with Anthropic." },
    });
    const detail = await getIssue({ db: handle.db, projectId, id: issue.id });
    expect(detail?.assignee?.name).toBe("Tri Ager");
    expect(detail?.activity.at(-1)).toMatchObject({
      kind: "note",
      data: { text: "Raised the **tier** with Anthropic." },
    });
    const mine = await listIssues({
      db: handle.db,
      projectId,
      userId,
      filters: { assignee: "me", range: "all", sort: "last_seen", limit: 10 },
    });
    expect(mine.map((i) => i.id)).toEqual([issue.id]);
    const infra = await listIssues({
      db: handle.db,
      projectId,
      filters: { class: "infra", range: "all", sort: "last_seen", limit: 10 },
    });
    expect(infra.every((i) => i.failure_class === "infra")).toBe(true);
    expect(detail?.sample_jobs[0]?.failing_entry).toMatch(/-f$/);
  });
});

describe("merging issues", () => {
  let handle: DbHandle;
  let projectId: string;
  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
  });
  afterAll(async () => {
    await handle.close();
  });
  const ingest = (events: object[]) =>
    ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: events });
  const byMessage = async (needle: string) =>
    (await handle.db.select().from(failureIssue).where(eq(failureIssue.projectId, projectId))).find((i) =>
      i.sampleMessage?.includes(needle),
    ) as typeof failureIssue.$inferSelect;

  it("merges into the biggest issue, counts new failures of a merged one there, and unmerges", async () => {
    await ingest([
      ...failingJob("Error: connect ECONNREFUSED 10.0.0.7:5432", 10),
      ...failingJob("Error: connect ECONNREFUSED 10.0.0.7:5432", 11),
      ...failingJob("psql: error: could not connect to server: Connection refused", 12),
    ]);
    const big = await byMessage("ECONNREFUSED");
    const small = await byMessage("could not connect");
    expect([big.eventCount, small.eventCount]).toEqual([2, 1]);
    const target = await mergeIssues({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      ids: [small.id, big.id],
      userId: null,
    });
    expect(target).toBe(big.id);
    const open = await listIssues({
      db: handle.db,
      projectId,
      filters: { range: "all", sort: "last_seen", limit: 10 },
    });
    expect(open.map((i) => [i.id, i.events])).toEqual([[big.id, 3]]); // the merged one is listed through its target
    let detail = await getIssue({ db: handle.db, projectId, id: big.id });
    expect(detail?.merged.map((m) => m.id)).toEqual([small.id]);
    expect(detail?.sample_jobs).toHaveLength(3);
    // resolve the target; a new failure of the merged issue regresses it
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: big.id,
      userId: null,
      action: { action: "resolve" },
    });
    await ingest(
      failingJob("psql: error: could not connect to server: Connection refused", 3 * 24 * 60 + 30),
    );
    detail = await getIssue({ db: handle.db, projectId, id: big.id });
    expect(detail).toMatchObject({ state: "regressed", events: 4 });
    // unmerge: the small issue stands alone again with its own count
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: big.id,
      userId: null,
      action: { action: "unmerge", issue_id: small.id },
    });
    const after = await listIssues({
      db: handle.db,
      projectId,
      filters: { range: "all", sort: "events", limit: 10 },
    });
    expect(new Map(after.map((i) => [i.id, i.events]))).toEqual(
      new Map([
        [big.id, 2],
        [small.id, 2],
      ]),
    );
    expect((await getIssue({ db: handle.db, projectId, id: big.id }))?.activity.map((a) => a.kind)).toEqual([
      "merge",
      "state_change",
      "regression",
      "unmerge",
    ]);
    await expect(
      applyTriage({
        actor: systemActor("test"),
        db: handle.db,
        projectId,
        issueId: big.id,
        userId: null,
        action: { action: "unmerge", issue_id: small.id },
      }),
    ).rejects.toThrow(/not merged into this one/);
  });
});
