import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as triageRoute } from "@/app/api/v1/issues/[id]/triage/route";
import { GET as issuesRoute } from "@/app/api/v1/issues/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { classBreakdown, failureClasses, failuresOverTime } from "@/lib/failures/class-queries";
import { listIssues, resolveFailuresRange } from "@/lib/failures/queries";
import { issueDetailSchema, issuesPageSchema } from "@/lib/failures/schemas";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createTestProject, openTestDb } from "../helpers/db";
import { FAILURES_BASE as base, failingJob, RATE_LIMIT_ERROR as RATE } from "../helpers/failures";

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

describe("the chart and the breakdown together", () => {
  let handle: DbHandle;
  let projectId: string;
  const at = (minutesIn: number) => new Date(base + minutesIn * 60_000);
  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: [
        // spread over the three days before now, the edges of whole UTC days included
        ...failingJob(RATE("req_1"), -1500),
        ...failingJob(RATE("req_2"), 60),
        ...failingJob(RATE("req_3"), 1500),
        ...failingJob(RATE("req_4"), 3000),
        ...failingJob("FAILED tests/test_a.py::test_x - AssertionError: assert 1 == 2", 90),
        ...failingJob("FAILED tests/test_a.py::test_x - AssertionError: assert 1 == 2", 2900),
        ...failingJob("Error: ENOSPC: no space left on device, write '/tmp/b'", 1450),
        ...failingJob("The job exceeded the time limit of 60 minutes", 4000),
      ],
    });
  });
  afterAll(async () => {
    await handle.close();
  });

  // failureClasses reads the range once (the chart's buckets, summed per class for the breakdown): its
  // answer must be what the two separate computations give, by hour (a custom range of hours) and by day
  // (whole UTC days read from failure_daily, the partial ones at the ends from job).
  it("gives the breakdown and the series the separate queries give, by hour and by day", async () => {
    // [range, chart unit, failures in it counted by hand from the minutes above]
    const cases = [
      // minutes 60, 90, 1450, 1500
      [{ range: "custom" as const, from: at(30).toISOString(), to: at(1600).toISOString() }, "hour", 4],
      // minutes 60, 90, 1450, 1500, 2900, 3000, 4000 (not -1500)
      [{ range: "custom" as const, from: at(-1440).toISOString(), to: at(4320).toISOString() }, "day", 7],
      // all eight: the earliest is 4 days and an hour ago
      [{ range: "7d" as const }, "day", 8],
      // the last day: minutes 2900, 3000, 4000
      [{ range: "24h" as const }, "hour", 3],
    ] as const;
    for (const [r, unit, failures] of cases) {
      const bounds = resolveFailuresRange(r);
      const q = { db: handle.db, projectId, bounds, filters: {} };
      const both = await failureClasses(q);
      expect(both.series.unit, r.range).toBe(unit);
      expect(
        both.breakdown.reduce((n, c) => n + c.count, 0),
        r.range,
      ).toBe(failures);
      expect(both.breakdown, r.range).toEqual(await classBreakdown(q));
      expect(both.series, r.range).toEqual(await failuresOverTime(q));
    }
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
