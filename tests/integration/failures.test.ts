// Failure issues: classification on ingest, grouping by fingerprint, every state
// transition (resolve, regress, ignore forever / until a count / until a date, reopen), assignment, notes,
// and the list, class breakdown and chart of a custom range.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as triageRoute } from "@/app/api/v1/issues/[id]/triage/route";
import { GET as issuesRoute } from "@/app/api/v1/issues/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { failureIssue, job, user } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { createApiKey } from "@/lib/auth/api-keys";
import { classBreakdown, failuresOverTime } from "@/lib/failures/class-queries";
import { getIssue, listIssues, resolveFailuresRange } from "@/lib/failures/queries";
import { issueDetailSchema, issuesPageSchema } from "@/lib/failures/schemas";
import { applyTriage, mergeIssues } from "@/lib/failures/triage";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createTestProject, openTestDb } from "../helpers/db";
import { FAILURES_BASE as base, failingJob } from "../helpers/failures";

const RATE = (reqId: string) =>
  `429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"${reqId}"}`;

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

describe("a custom range", () => {
  let handle: DbHandle;
  let projectId: string;
  const at = (minutesIn: number) => new Date(base + minutesIn * 60_000);
  // [base+60 min, base+180 min): two hours, so hourly buckets; the previous window is [base-60, base+60)
  const range = { range: "custom" as const, from: at(60).toISOString(), to: at(180).toISOString() };
  const CART = "FAILED tests/test_cart.py::test_total - AssertionError: assert 41 == 42";
  const DISK = "Error: ENOSPC: no space left on device, write '/tmp/a'";
  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: [
        // rate_limit: before the previous window, at the start (in), inside, at the end (out)
        ...failingJob(RATE("req_a"), -90),
        ...failingJob(RATE("req_b"), 60),
        ...failingJob(RATE("req_c"), 120),
        ...failingJob(RATE("req_d"), 180),
        // test_failure: once in the previous window, once inside
        ...failingJob(CART, 30),
        ...failingJob(CART, 90),
        // infra: before and after the range, never in it
        ...failingJob(DISK, 10),
        ...failingJob(DISK, 240),
        // timeout: only after it
        ...failingJob("The job exceeded the time limit of 60 minutes", 200),
      ],
    });
  });
  afterAll(async () => {
    await handle.close();
  });

  it("lists the issues that failed in [from, to), with their failures in it", async () => {
    const list = await listIssues({
      db: handle.db,
      projectId,
      filters: { ...range, sort: "events", limit: 10 },
    });
    expect(list.map((i) => [i.failure_class, i.events, i.events_in_range])).toEqual([
      ["rate_limit", 4, 2],
      ["test_failure", 2, 1],
    ]);
    for (const i of list) expect(i.sparkline.reduce((n, c) => n + c, 0)).toBe(i.events_in_range);
  });

  it("compares classes with the window of the same length before, and charts the range by hour", async () => {
    expect(await classBreakdown({ db: handle.db, projectId, bounds: resolveFailuresRange(range) })).toEqual([
      { failure_class: "rate_limit", count: 2, share: 2 / 3, previous: 0 },
      { failure_class: "test_failure", count: 1, share: 1 / 3, previous: 1 },
      { failure_class: "infra", count: 0, share: 0, previous: 1 },
    ]);
    const hour = (minutesIn: number) =>
      `${new Date(Math.floor(at(minutesIn).getTime() / 3_600_000) * 3_600_000).toISOString().slice(0, 13)}:00:00Z`;
    const expected = new Map<string, number>();
    for (const [m, cls] of [
      [60, "rate_limit"],
      [90, "test_failure"],
      [120, "rate_limit"],
    ] as const) {
      const key = `${hour(m)} ${cls}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const series = await failuresOverTime({ db: handle.db, projectId, bounds: resolveFailuresRange(range) });
    expect(series).toMatchObject({ unit: "hour", from: range.from, to: range.to });
    expect(new Map(series.rows.map((r) => [`${r.bucket} ${r.failure_class}`, r.count]))).toEqual(expected);
  });
});

describe("issues API", () => {
  let handle: DbHandle;
  let readKey: string;
  let triageKey: string;
  beforeAll(async () => {
    handle = await getDbHandle();
    const projectId = (await createTestProject(handle)).id;
    readKey = (await createApiKey({ db: handle.db, projectId, name: "r", scopes: ["read"] })).key;
    triageKey = (await createApiKey({ db: handle.db, projectId, name: "t", scopes: ["triage"] })).key;
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: failingJob(
        "FAILED tests/test_billing.py::test_refund - AssertionError: assert 200 == 404",
        5,
      ),
    });
  });
  const req = (path: string, key: string, body?: object) =>
    new Request(`http://x${path}`, {
      method: body ? "POST" : "GET",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });

  it("lists issues and triages one with a triage-scoped key", async () => {
    const list = issuesPageSchema.parse(
      await (
        await issuesRoute(req("/api/v1/issues?range=all", readKey), { params: Promise.resolve({}) })
      ).json(),
    );
    expect(list.issues).toHaveLength(1);
    const id = list.issues[0]?.id as string;
    const denied = await triageRoute(req(`/api/v1/issues/${id}/triage`, readKey, { action: "resolve" }), {
      params: Promise.resolve({ id }),
    });
    expect(denied.status).toBe(403);
    const res = await triageRoute(req(`/api/v1/issues/${id}/triage`, triageKey, { action: "resolve" }), {
      params: Promise.resolve({ id }),
    });
    expect(res.status).toBe(200);
    expect(issueDetailSchema.parse(await res.json()).state).toBe("resolved");
    const bad = await triageRoute(req(`/api/v1/issues/${id}/triage`, triageKey, { action: "explode" }), {
      params: Promise.resolve({ id }),
    });
    expect(bad.status).toBe(400);
  });

  it("takes a custom range, and refuses a bad one with a 400 that says why", async () => {
    const list = async (query: string) => {
      const res = await issuesRoute(req(`/api/v1/issues?${query}`, readKey), {
        params: Promise.resolve({}),
      });
      expect(res.status).toBe(200);
      return issuesPageSchema.parse(await res.json()).issues;
    };
    const at = (minutesIn: number) => new Date(base + minutesIn * 60_000).toISOString();
    expect(await list(`range=custom&from=${at(0)}&to=${at(10)}`)).toHaveLength(1); // failed at 5
    expect(await list(`range=custom&from=${at(6)}&to=${at(60)}`)).toHaveLength(0);
    for (const [query, message] of [
      ["range=custom", /needs a start/],
      [`range=custom&from=${at(10)}&to=${at(0)}`, /before its end/],
      ["range=custom&from=yesterday", /from/],
    ] as const) {
      const res = await issuesRoute(req(`/api/v1/issues?${query}`, readKey), { params: Promise.resolve({}) });
      expect(res.status).toBe(400);
      expect(errorResponseSchema.parse(await res.json()).error.message).toMatch(message);
    }
  });
});
