// The jobs list's total and server-side sorting (issue 19, point 16): every column sorts both ways with a
// stable tiebreak on id, unknown values last, keyset paging exact across ties and the null boundary, and the
// total counts the filtered set whatever page is asked for.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listJobsRoute } from "@/app/api/v1/jobs/route";
import type { DbHandle } from "@/db/client";
import { job } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { listJobs } from "@/lib/jobs/queries";
import { jobsPageSchema, jobsQuerySchema } from "@/lib/jobs/schemas";
import { orderBySql } from "@/lib/jobs/sort";

const JOB_SORTS = ["started", "status", "title", "agent", "model", "harness", "duration", "cost"] as const;
type JobSort = (typeof JOB_SORTS)[number];
type SortDir = "asc" | "desc";

import { createTestProject, openTestDb } from "../helpers/db";

// Times are near the real clock: the route (which has no `now` parameter) must see the same jobs.
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const at = (minutesAgo: number, plusSeconds = 0) =>
  new Date(NOW.getTime() - minutesAgo * 60_000 + plusSeconds * 1000).toISOString();

// Six jobs in the last hour, one three days ago (only "all" and 7d see it):
//   job    title     status     agent     model  harness      start   duration   cost
//   job-a  delta     succeeded  scout     m-b    codex        -60m    60 000     0.50
//   job-b  alpha     failed     reviewer  m-a    claude-code  -50m    300 000    2.00
//   job-c  (none)    running    scout     —      codex        -40m    —          —
//   job-d  charlie   queued     —         —      —            -30m q  —          —
//   job-e  bravo     cancelled  builder   m-a    codex        -20m    120 000    0.50
//   job-f  delta     succeeded  scout     m-b    claude-code  -60m    600 000    1.25
//   job-g  golf      succeeded  scout     m-a    codex        -3d     60 000     —
// Ties on purpose: a/f share title, start, status, model; a/e share cost; c/d have neither cost nor duration.
function seedEvents() {
  const ev: object[] = [];
  const run = (
    job: string,
    start: number,
    data: Record<string, unknown>,
    agent: string,
    end?: { type: string; after: number; data?: object },
    cost?: number,
  ) => {
    ev.push({ id: `${job}-s`, type: "job.started", time: at(start), job, agent, data });
    if (cost != null)
      ev.push({
        id: `${job}-u`,
        type: "job.usage",
        time: at(start, 10),
        job,
        data: { model: data.model ?? "m-a", input_tokens: 10, output_tokens: 10, cost_usd: cost },
      });
    if (end)
      ev.push({ id: `${job}-e`, type: end.type, time: at(start, end.after), job, data: end.data ?? {} });
  };
  const done = (after: number) => ({ type: "job.completed", after });
  run("job-a", 60, { title: "delta", harness: "codex", model: "m-b" }, "scout", done(60), 0.5);
  run(
    "job-b",
    50,
    { title: "alpha", harness: "claude-code", model: "m-a" },
    "reviewer",
    { type: "job.failed", after: 300, data: { error: { message: "tests failed" } } },
    2,
  );
  run("job-c", 40, { harness: "codex" }, "scout");
  ev.push({ id: "job-d-q", type: "job.queued", time: at(30), job: "job-d", data: { title: "charlie" } });
  run(
    "job-e",
    20,
    { title: "bravo", harness: "codex", model: "m-a" },
    "builder",
    { type: "job.cancelled", after: 120 },
    0.5,
  );
  run("job-f", 60, { title: "delta", harness: "claude-code", model: "m-b" }, "scout", done(600), 1.25);
  run("job-g", 3 * 1440, { title: "golf", harness: "codex", model: "m-a" }, "scout", done(60));
  return ev;
}

let handle: DbHandle;
let projectId: string;
let readKey: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  handle = await openTestDb();
  projectId = (await createTestProject(handle)).id;
  const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: seedEvents() });
  expect(r.rejected).toBe(0);
  readKey = (await createApiKey({ db: handle.db, projectId, name: "read", scopes: ["read"] })).key;
  const all = await listJobs({
    db: handle.db,
    projectId,
    filters: jobsQuerySchema.parse({ range: "all", limit: 100 }),
    now: NOW,
  });
  for (const j of all.jobs) ids[j.external_id.slice(4)] = j.id;
});
afterAll(async () => {
  await handle.close();
});

const list = (q: Record<string, unknown>) =>
  listJobs({ db: handle.db, projectId, filters: jobsQuerySchema.parse({ range: "24h", ...q }), now: NOW });
const names = (page: { jobs: { external_id: string }[] }) => page.jobs.map((j) => j.external_id.slice(4));

/** Jobs that tie on the sorted value, in the tiebreak's order: by Fleetwatch's id, the same way as the sort. */
const tie = (dir: SortDir, ...letters: string[]) =>
  [...letters].sort((x, y) => {
    // PostgreSQL orders uuids byte by byte: the order of their lowercase hex text
    const [a, b] = [ids[x] ?? "", ids[y] ?? ""];
    const c = a < b ? -1 : a > b ? 1 : 0;
    return dir === "asc" ? c : -c;
  });

// Ascending, unknowns last (see the table above); descending reverses the known values, unknowns still last.
// (a function: the tiebreaks need the ids, known once the jobs are stored)
const expected = (): Record<JobSort, Record<SortDir, string[]>> => ({
  // start times: a = f (-60m) < b (-50) < c (-40) < d (-30, queued) < e (-20)
  started: {
    asc: [...tie("asc", "a", "f"), "b", "c", "d", "e"],
    desc: ["e", "d", "c", "b", ...tie("desc", "a", "f")],
  },
  // alphabetical: cancelled (e) < failed (b) < queued (d) < running (c) < succeeded (a, f)
  status: {
    asc: ["e", "b", "d", "c", ...tie("asc", "a", "f")],
    desc: [...tie("desc", "a", "f"), "c", "d", "b", "e"],
  },
  // alpha (b) < bravo (e) < charlie (d) < delta (a, f) < job-c (c: no title, so the runner's id)
  title: {
    asc: ["b", "e", "d", ...tie("asc", "a", "f"), "c"],
    desc: ["c", ...tie("desc", "a", "f"), "d", "e", "b"],
  },
  // builder (e) < reviewer (b) < scout (a, c, f); d was only queued: no agent, last
  agent: {
    asc: ["e", "b", ...tie("asc", "a", "c", "f"), "d"],
    desc: [...tie("desc", "a", "c", "f"), "b", "e", "d"],
  },
  // m-a (b, e) < m-b (a, f); c and d have no model
  model: {
    asc: [...tie("asc", "b", "e"), ...tie("asc", "a", "f"), ...tie("asc", "c", "d")],
    desc: [...tie("desc", "a", "f"), ...tie("desc", "b", "e"), ...tie("desc", "c", "d")],
  },
  // claude-code (b, f) < codex (a, c, e); d has no harness
  harness: {
    asc: [...tie("asc", "b", "f"), ...tie("asc", "a", "c", "e"), "d"],
    desc: [...tie("desc", "a", "c", "e"), ...tie("desc", "b", "f"), "d"],
  },
  // 60 s (a) < 120 s (e) < 300 s (b) < 600 s (f); c runs and d waits: no duration
  duration: {
    asc: ["a", "e", "b", "f", ...tie("asc", "c", "d")],
    desc: ["f", "b", "e", "a", ...tie("desc", "c", "d")],
  },
  // $0.50 (a, e) < $1.25 (f) < $2.00 (b); c and d reported no usage
  cost: {
    asc: [...tie("asc", "a", "e"), "f", "b", ...tie("asc", "c", "d")],
    desc: ["b", "f", ...tie("desc", "a", "e"), ...tie("desc", "c", "d")],
  },
});

describe("jobs list sorting", () => {
  it("starts from the newest job, as before, when no sort is given", async () => {
    expect(names(await list({}))).toEqual(expected().started.desc);
  });

  for (const sort of JOB_SORTS)
    for (const dir of ["asc", "desc"] as const)
      it(`sorts by ${sort} ${dir}, ties by id, unknowns last, and pages through it exactly`, async () => {
        expect(names(await list({ sort, dir, limit: 100 }))).toEqual(expected()[sort][dir]);
        // every page size cuts the order somewhere else: inside ties, at the last known value, among nulls
        for (const limit of [1, 2, 3, 4, 5]) {
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await list({ sort, dir, limit, cursor });
            seen.push(...names(page));
            cursor = page.next_cursor ?? undefined;
          } while (cursor);
          expect(seen, `pages of ${limit}`).toEqual(expected()[sort][dir]);
        }
      });
});

describe("jobs list plan", () => {
  it("reads the newest (or oldest) jobs from the project's sort index, with no sort step", async () => {
    // job_project_sort_idx is (project_id, sort_at DESC NULLS LAST, id DESC NULLS LAST): an ORDER BY that says
    // `sort_at desc` (nulls first) does not match it, and every page sorted the whole project (1.5 s at 1M jobs
    // in bench/jobs-list.ts). Sorting switched off makes the planner show a Sort node if it needs one.
    for (const dir of ["desc", "asc"] as const) {
      const query = handle.db
        .select()
        .from(job)
        .where(eq(job.projectId, projectId))
        .orderBy(...orderBySql("started", dir))
        .limit(51);
      const plan = await handle.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_sort = off`);
        await tx.execute(sql`set local enable_seqscan = off`);
        return (await tx.execute(sql`explain ${query}`)) as unknown as { "QUERY PLAN": string }[];
      });
      const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
      expect(text, dir).toContain("job_project_sort_idx");
      expect(text, dir).not.toMatch(/(^|->\s+)(Incremental )?Sort\b/m);
    }
  });
});

describe("jobs list total", () => {
  it("counts the jobs matching the filters, the same on every page", async () => {
    // 24h: a..f (6); all time adds g (7); succeeded in 24h: a, f; scout in 24h: a, c, f; m-a all time: b, e, g
    expect((await list({ limit: 2 })).total).toBe(6);
    expect((await list({ range: "all", limit: 2 })).total).toBe(7);
    expect((await list({ status: "succeeded" })).total).toBe(2);
    expect((await list({ agent: "scout" })).total).toBe(3);
    expect((await list({ model: "m-a", range: "all" })).total).toBe(3);
    expect((await list({ harness: "nothing-like-it" })).total).toBe(0);
    const first = await list({ sort: "cost", dir: "asc", limit: 4 });
    const second = await list({ sort: "cost", dir: "asc", limit: 4, cursor: first.next_cursor });
    expect([first.total, second.total]).toEqual([6, 6]);
    expect(second.jobs).toHaveLength(2);
  });
});

describe("jobs list total past the cap", () => {
  it("stops counting past 10,000 and says the total is a lower bound", async () => {
    // 10,001 jobs written straight into the list's table (ingesting them would take minutes): one more than the
    // cap, so the total is 10,000 and capped; the last one is two days back, so 24 hours hold exactly the cap
    const other = (await createTestProject(handle)).id;
    await handle.db.execute(sql`insert into job (project_id, external_id, status, started_at, first_event_at,
      last_event_at) select ${other}::uuid, 'bulk-' || i, 'succeeded', t, t, t
      from generate_series(1, 10001) i, lateral (select ${NOW.toISOString()}::timestamptz - i * interval '1 second'
        - case when i = 10001 then interval '2 days' else interval '0 seconds' end t) x`);
    const page = (range: string) =>
      listJobs({ db: handle.db, projectId: other, filters: jobsQuerySchema.parse({ range }), now: NOW });
    const all = await page("all");
    expect([all.total, all.total_capped, all.jobs.length]).toEqual([10_000, true, 50]);
    const recent = await page("1h");
    // the last hour holds i = 1..3600 (1 s apart): exact
    expect([recent.total, recent.total_capped]).toEqual([3600, false]);
    const day = await page("24h");
    // 24h holds i = 1..10000 (2 h 47 min back at most): exactly 10,000, which is exact, not capped
    expect([day.total, day.total_capped]).toEqual([10_000, false]);
  });
});

describe("GET /api/v1/jobs sort and total", () => {
  const get = async (query: string) =>
    listJobsRoute(
      new Request(`http://fleetwatch.test/api/v1/jobs?${query}`, {
        headers: { authorization: `Bearer ${readKey}` },
      }),
      { params: Promise.resolve({}) },
    );
  const expect400 = async (query: string, message: RegExp) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(errorResponseSchema.parse(await res.json()).error.message).toMatch(message);
  };

  it("takes sort and dir and answers the total with the page", async () => {
    const res = await get("range=24h&sort=duration&dir=desc&limit=3");
    expect(res.status).toBe(200);
    const page = jobsPageSchema.parse(await res.json());
    expect(names(page)).toEqual(["f", "b", "e"]);
    expect(page.total).toBe(6);
    const next = jobsPageSchema.parse(
      await (await get(`range=24h&sort=duration&dir=desc&limit=3&cursor=${page.next_cursor}`)).json(),
    );
    expect(names(next)).toEqual(["a", ...tie("desc", "c", "d")]);
    expect(next.next_cursor).toBeNull();
  });

  it("refuses columns and directions outside the allow-list, and cursors of another sort", async () => {
    await expect400("sort=error_message", /sort/);
    await expect400("sort=started;drop table job", /sort/);
    await expect400("dir=sideways", /dir/);
    const page = jobsPageSchema.parse(await (await get("range=24h&sort=cost&limit=2")).json());
    await expect400(`range=24h&sort=title&cursor=${page.next_cursor}`, /sorted by cost desc/);
    await expect400(`range=24h&sort=cost&dir=asc&cursor=${page.next_cursor}`, /sorted by cost desc/);
    // a forged cursor whose value is not a cost is refused before it reaches PostgreSQL's cast
    const forged = Buffer.from(
      JSON.stringify({ s: "cost", d: "desc", v: "1e9; select", id: ids.a }),
    ).toString("base64url");
    await expect400(`range=24h&sort=cost&cursor=${forged}`, /Invalid cursor/);
    // a null value is only possible for a column that has nulls
    const nullStart = Buffer.from(JSON.stringify({ s: "started", d: "desc", v: null, id: ids.a })).toString(
      "base64url",
    );
    await expect400(`range=24h&cursor=${nullStart}`, /Invalid cursor/);
    // a transcript search pages newest first only
    await expect400("range=24h&search=tests&sort=cost", /newest first/);
  });
});
