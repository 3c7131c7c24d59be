// Transcript search on real PostgreSQL: recency order and keyset pages within a range, snippets for the page's
// rows only, exact phrases, project isolation, and the statement timeouts (search budget, read pool, writes).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as searchRoute } from "@/app/api/v1/search/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { isQueryTimeout, openReadPool } from "@/db/read";
import { createApiKey } from "@/lib/auth/api-keys";
import { ApiError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";
import { ingestBatch } from "@/lib/ingest/ingest";
import { listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";
import { searchResponseSchema } from "@/lib/transcripts/schemas";
import {
  matchingEntries,
  parseSearch,
  SEARCH_TIMEOUT_MESSAGE,
  searchTranscripts,
} from "@/lib/transcripts/search";
import { createTestProject } from "../helpers/db";

const NOW = Date.now();
const ago = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();

function started(job: string, hoursAgo: number) {
  return {
    id: `${job}-s`,
    type: "job.started",
    time: ago(hoursAgo),
    job,
    agent: "scout",
    data: { harness: "claude-code", title: `Job ${job}` },
  };
}
function message(job: string, id: string, hoursAgo: number, text: string) {
  return { id, type: "job.message", time: ago(hoursAgo), job, data: { role: "assistant", text } };
}

let handle: DbHandle;
let projectId: string;
let otherProjectId: string;
beforeAll(async () => {
  handle = await getDbHandle();
  projectId = (await createTestProject(handle)).id;
  otherProjectId = (await createTestProject(handle)).id;
  const ingest = (pid: string, rawEvents: object[]) =>
    ingestBatch({ db: handle.db, projectId: pid, apiKeyId: null, rawEvents });
  await ingest(projectId, [
    started("old", 60),
    message("old", "q1", 50, "a quokka in the old days"),
    started("new", 4),
    message("new", "q2", 3, "second quokka sighting"),
    message("new", "q3", 2, "third quokka sighting"),
    message("new", "q4", 1, "a quokka and another"),
    message("new", "q5", 1, "the last quokka"), // same time as q4: the event id breaks the tie (q5 first)
    started("phr", 5),
    message("phr", "p1", 4, "the red fox jumps"),
    message("phr", "p2", 3, "a red and quick fox"), // both words, not a phrase
    started("phr2", 5),
    message("phr2", "p3", 4, "red paint on the fox"),
  ]);
  // the other project: newer matches for every query above, which must never show here
  await ingest(otherProjectId, [
    started("new", 1),
    message("new", "q9", 0.5, "an intruding quokka"),
    message("new", "p9", 0.5, "the red fox of the other project"),
  ]);
});

const ids = (r: { hits: { entry_id: string }[] }) => r.hits.map((h) => h.entry_id);

describe("transcript search", () => {
  it("pages matches newest first with a keyset cursor, within a range", async () => {
    const search = (cursor?: string, from?: Date) =>
      searchTranscripts({ db: handle.db, projectId, query: "quokka", limit: 2, cursor, from });
    // all time, newest first: q5 and q4 (1 h ago, q5 > q4), q3 (2 h), q2 (3 h), q1 (50 h)
    const p1 = await search();
    expect(ids(p1)).toEqual(["q5", "q4"]);
    const p2 = await search(p1.next_cursor ?? undefined);
    expect(ids(p2)).toEqual(["q3", "q2"]);
    const p3 = await search(p2.next_cursor ?? undefined);
    expect(ids(p3)).toEqual(["q1"]);
    expect(p3.next_cursor).toBeNull();
    // the last 24 hours leave out q1 (50 h ago): two full pages, then nothing
    const day = new Date(NOW - 24 * 3_600_000);
    const d1 = await search(undefined, day);
    const d2 = await search(d1.next_cursor ?? undefined, day);
    expect([...ids(d1), ...ids(d2)]).toEqual(["q5", "q4", "q3", "q2"]);
    expect(d2.next_cursor).toBeNull();
    expect(p1.hits[0]).toMatchObject({ job_external_id: "new", job_title: "Job new", kind: "message" });
    // ts_headline with MaxFragments=1 shows the fragment around the match: "the" before it is dropped
    expect(p1.hits[0]?.snippet).toBe("last «quokka»");
  });

  it("computes snippets for the page's rows only", async () => {
    const terms = await parseSearch(handle.db, "quokka");
    if (!terms) throw new Error("no terms");
    // the route's statement shape: the page (limit + 1) and a ts_headline subquery under CASE pos <= limit;
    // 5 entries match, the page is 2: the snippet subplan must run twice, not 3 (the look-ahead) or 5 times
    const page = matchingEntries(projectId, terms, [], 3);
    const { sql } = await import("drizzle-orm");
    const plan = (await handle.db.execute(sql`explain (analyze, format json)
      with p as (${page}), n as (select p.*, row_number() over (order by p.time desc) as pos from p)
      select case when n.pos <= 2 then (select ts_headline('simple', t.text, ${terms.exact}::tsquery)
        from transcript_entry t where t.project_id = ${projectId} and t.event_id = n.event_id) end from n`)) as unknown as {
      "QUERY PLAN": { Plan: PlanNode }[];
    }[];
    type PlanNode = { "Parent Relationship"?: string; "Actual Loops": number; Plans?: PlanNode[] };
    const subplans: PlanNode[] = [];
    const walk = (n: PlanNode) => {
      if (n["Parent Relationship"] === "SubPlan") subplans.push(n);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(plan[0]?.["QUERY PLAN"][0]?.Plan as PlanNode);
    expect(subplans.map((s) => s["Actual Loops"])).toEqual([2]);
    // and the function itself: every hit of a page has its snippet
    const r = await searchTranscripts({ db: handle.db, projectId, query: "quokka", limit: 2 });
    expect(r.hits.map((h) => h.snippet)).toEqual(["last «quokka»", "«quokka» and another"]);
  });

  it("matches a phrase exactly, and its negation", async () => {
    const phrase = await searchTranscripts({ db: handle.db, projectId, query: '"red fox"' });
    expect(ids(phrase)).toEqual(["p1"]); // p2 and p3 hold both words, apart
    expect(phrase.hits[0]?.snippet).toBe("«red» «fox» jumps");
    const jobs = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({ search: '"red fox"', range: "all" }),
    });
    expect(jobs.jobs.map((j) => j.external_id)).toEqual(["phr"]);
    // fox -"red fox": p2 and p3 (fox, not right after red), newest first (p2 3 h ago, p3 4 h ago)
    const not = await searchTranscripts({ db: handle.db, projectId, query: 'fox -"red fox"' });
    expect(ids(not)).toEqual(["p2", "p3"]);
    const notJobs = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({ search: 'fox -"red fox"', range: "all" }),
    });
    expect(notJobs.jobs.map((j) => j.external_id).sort()).toEqual(["phr", "phr2"]);
  });

  it("never shows another project's matches", async () => {
    // the other project's q9 and p9 are the newest matches of both queries
    const all = await searchTranscripts({ db: handle.db, projectId, query: "quokka OR fox", limit: 200 });
    expect(ids(all).sort()).toEqual(["p1", "p2", "p3", "q1", "q2", "q3", "q4", "q5"]);
    const jobs = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({ search: "intruding", range: "all" }),
    });
    expect(jobs.jobs).toEqual([]);
    expect(ids(await searchTranscripts({ db: handle.db, projectId, query: "intruding" }))).toEqual([]);
  });

  it("answers a query with no word and a forged cursor cleanly", async () => {
    expect(await searchTranscripts({ db: handle.db, projectId, query: "!!! ---" })).toEqual({
      hits: [],
      next_cursor: null,
    });
    const forged = Buffer.from(JSON.stringify(["yesterday'); drop table job; --", "x"])).toString(
      "base64url",
    );
    await expect(
      searchTranscripts({ db: handle.db, projectId, query: "quokka", cursor: forged }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe("statement timeouts", () => {
  let slowProject: string;
  beforeAll(async () => {
    // 300 entries of ~10,000 characters holding "alpha" and "omega" far apart: the phrase "alpha omega" has
    // 300 candidates, none a match, so the search re-tokenises about 3 MB (tens of ms), far over 1 ms
    slowProject = (await createTestProject(handle)).id;
    const filler = "lorem ipsum dolor sit amet ".repeat(370);
    const events: object[] = [started("slow", 10)];
    for (let i = 0; i < 300; i++) events.push(message("slow", `s${i}`, 9, `alpha ${filler} omega`));
    await ingestBatch({ db: handle.db, projectId: slowProject, apiKeyId: null, rawEvents: events });
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("stops a search over its budget with a clear 503", async () => {
    const run = searchTranscripts({
      db: handle.db,
      projectId: slowProject,
      query: '"alpha omega"',
      timeoutMs: 1,
    });
    await expect(run).rejects.toBeInstanceOf(ApiError);
    await expect(run).rejects.toMatchObject({
      status: 503,
      code: "query_timeout",
      message: SEARCH_TIMEOUT_MESSAGE,
    });
    // with the default budget (5 s) the same search answers: nothing matches
    expect(
      await searchTranscripts({ db: handle.db, projectId: slowProject, query: '"alpha omega"' }),
    ).toEqual({ hits: [], next_cursor: null });
  });

  it("GET /api/v1/search and /api/v1/jobs?search= answer 503 query_timeout over FLEETWATCH_SEARCH_TIMEOUT_MS", async () => {
    const { key } = await createApiKey({
      db: handle.db,
      projectId: slowProject,
      name: "r",
      scopes: ["read"],
    });
    vi.stubEnv("FLEETWATCH_SEARCH_TIMEOUT_MS", "1");
    vi.resetModules(); // lib/env parses the environment once: import the routes afresh
    const { GET: search } = await import("@/app/api/v1/search/route");
    const { GET: jobs } = await import("@/app/api/v1/jobs/route");
    const get = (path: string) =>
      new Request(`http://x${path}`, { headers: { authorization: `Bearer ${key}` } });
    for (const res of [
      await search(get("/api/v1/search?q=%22alpha%20omega%22"), { params: Promise.resolve({}) }),
      await jobs(get("/api/v1/jobs?range=all&search=%22alpha%20omega%22"), { params: Promise.resolve({}) }),
    ]) {
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        error: { code: "query_timeout", message: SEARCH_TIMEOUT_MESSAGE },
      });
    }
    // the route module imported at the top runs with the default budget
    const ok = await searchRoute(get("/api/v1/search?q=alpha&limit=1"), { params: Promise.resolve({}) });
    expect(searchResponseSchema.parse(await ok.json()).hits).toHaveLength(1);
  });

  it("bounds every read of the read pool, not the writes of the main one", async () => {
    const reads = await openReadPool(handle, { max: 2, timeoutMs: 200 });
    try {
      const { sql } = await import("drizzle-orm");
      const show = async (db: typeof handle.db) =>
        ((await db.execute(sql`show statement_timeout`)) as unknown as { statement_timeout: string }[])[0]
          ?.statement_timeout;
      expect(await show(reads.db)).toBe("200ms");
      expect(await show(handle.db)).toBe("0"); // ingest, imports, migrations: no limit
      const slow = await reads.db.execute(sql`select pg_sleep(1)`).catch((e: unknown) => e);
      expect(isQueryTimeout(slow)).toBe(true);
      const res = errorResponse(slow);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("query_timeout");
      await handle.db.execute(sql`select pg_sleep(0.3)`); // the main pool waits as long as it takes
    } finally {
      await reads.close();
    }
  });
});
