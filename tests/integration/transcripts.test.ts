// Transcript read model: order, keyset pages, sub-agent fields, full-text search; and the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as transcriptRoute } from "@/app/api/v1/jobs/[id]/transcript/route";
import { GET as searchRoute } from "@/app/api/v1/search/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { ingestBatch } from "@/lib/ingest/ingest";
import { findJobId, listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";
import { getTranscriptPage } from "@/lib/transcripts/queries";
import { searchResponseSchema, transcriptPageSchema } from "@/lib/transcripts/schemas";
import { searchTranscripts } from "@/lib/transcripts/search";
import { createTestProject, openTestDb } from "../helpers/db";

const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 9, 0, s)).toISOString();

function session(job: string) {
  return [
    {
      id: `${job}-s`,
      type: "job.started",
      time: at(0),
      job,
      agent: "scout",
      data: { harness: "claude-code", branch: "main", title: "Fix login" },
    },
    {
      id: `${job}-m1`,
      type: "job.message",
      time: at(1),
      seq: 1,
      job,
      data: { role: "user", text: "The login form rejects plus signs in emails" },
    },
    {
      id: `${job}-c1`,
      type: "job.tool_call",
      time: at(2),
      seq: 2,
      job,
      data: { call_id: "task1", tool: "Task", input: { prompt: "find the validator" } },
    },
    {
      id: `${job}-b1`,
      type: "job.message",
      time: at(3),
      seq: 3,
      job,
      data: { role: "user", text: "find the validator", branch: "agent-7", branch_parent_call_id: "task1" },
    },
    {
      id: `${job}-b2`,
      type: "job.tool_call",
      time: at(3),
      seq: 4,
      job,
      data: {
        call_id: "g1",
        tool: "Grep",
        input: { pattern: "isEmail" },
        branch: "agent-7",
        branch_parent_call_id: "task1",
      },
    },
    {
      id: `${job}-r1`,
      type: "job.tool_result",
      time: at(4),
      seq: 5,
      job,
      data: { call_id: "task1", output: "validator in src/auth/validate.ts" },
    },
    {
      id: `${job}-u1`,
      type: "job.usage",
      time: at(5),
      seq: 6,
      job,
      data: {
        model: "claude-sonnet-4-5",
        input_tokens: 10,
        output_tokens: 20,
        cache_read_tokens: 300,
        cost_usd: 0.01,
      },
    },
    {
      id: `${job}-f`,
      type: "job.failed",
      time: at(6),
      job,
      data: { error: { message: "pytest exited with code 1" } },
    },
  ];
}

describe("transcripts", () => {
  let handle: DbHandle;
  let projectId: string;
  let jobId: string;
  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    // delivered in reverse: the order comes from time, seq and id, not arrival
    await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: session("t1").reverse() });
    jobId = (await findJobId({ db: handle.db, projectId, id: "t1" })) as string;
  });
  afterAll(async () => {
    await handle.close();
  });

  it("returns entries in order, in keyset pages, with sub-agent and usage fields", async () => {
    const first = await getTranscriptPage({ db: handle.db, projectId, jobId, limit: 3 });
    const second = await getTranscriptPage({
      db: handle.db,
      projectId,
      jobId,
      limit: 10,
      cursor: first.next_cursor ?? undefined,
    });
    expect(first.total).toBe(8);
    expect(second.next_cursor).toBeNull();
    const all = [...first.entries, ...second.entries];
    expect(all.map((e) => e.id)).toEqual([
      "t1-s",
      "t1-m1",
      "t1-c1",
      "t1-b1",
      "t1-b2",
      "t1-r1",
      "t1-u1",
      "t1-f",
    ]);
    expect(all[0]).toMatchObject({ kind: "lifecycle", role: "started", branch: null }); // git branch is not a sub-agent
    expect(all[3]).toMatchObject({ branch: "agent-7", branch_parent_call_id: "task1" });
    expect(all[6]?.usage).toEqual({
      model: "claude-sonnet-4-5",
      input_tokens: 10,
      output_tokens: 20,
      cache_read_tokens: 300,
      cache_write_tokens: 0,
      cost_usd: 0.01,
      // sonnet 4.5 at $3 in / $15 out / $0.30 cache read per million: 10×3 + 20×15 + 300×0.3 = 420 µ$
      computed_cost_usd: 0.00042,
      cost_source: "reported",
    });
    expect(all[7]).toMatchObject({
      kind: "lifecycle",
      role: "failed",
      is_error: true,
      text: "pytest exited with code 1",
    });
  });

  it("prices usage the runner sent no cost for, and says when a model has no price", async () => {
    const job = "t-priced";
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: [
        { id: `${job}-s`, type: "job.started", time: at(10), job, agent: "scout", data: {} },
        {
          id: `${job}-u1`,
          type: "job.usage",
          time: at(11),
          job,
          // no cost_usd: priced at sonnet 4.5's 3 / 15 / 0.30 / 3.75 (5-minute cache write) $ per million
          data: {
            model: "claude-sonnet-4-5",
            input_tokens: 1000,
            output_tokens: 2000,
            cache_read_tokens: 10_000,
            cache_write_tokens: 4000,
          },
        },
        {
          id: `${job}-u2`,
          type: "job.usage",
          time: at(12),
          job,
          data: { model: "homegrown-model-x", input_tokens: 5, output_tokens: 5 },
        },
      ],
    });
    const id = (await findJobId({ db: handle.db, projectId, id: job })) as string;
    const { entries } = await getTranscriptPage({ db: handle.db, projectId, jobId: id, limit: 10 });
    const usage = entries.filter((e) => e.kind === "usage").map((e) => e.usage);
    // 1000×3 + 2000×15 + 10,000×0.3 + 4000×3.75 = 3000 + 30,000 + 3000 + 15,000 = 51,000 µ$ = $0.051
    expect(usage[0]).toMatchObject({ cost_usd: null, cost_source: "computed" });
    expect(usage[0]?.computed_cost_usd).toBeCloseTo(0.051, 10);
    expect(usage[1]).toMatchObject({ cost_usd: null, computed_cost_usd: null, cost_source: "unpriced" });
  });

  it("finds entries and jobs by full-text search", async () => {
    const { hits } = await searchTranscripts({ db: handle.db, projectId, query: "plus signs" });
    expect(hits.map((h) => [h.entry_id, h.job_external_id])).toEqual([["t1-m1", "t1"]]);
    expect(hits[0]?.snippet).toContain("«plus» «signs»");
    expect(await searchTranscripts({ db: handle.db, projectId, query: "nonexistentword" })).toEqual({
      hits: [],
      next_cursor: null,
    });
    const jobs = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({ search: "validator", range: "all" }),
    });
    expect(jobs.jobs.map((j) => j.external_id)).toEqual(["t1"]);
    const none = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({ search: "kubernetes", range: "all" }),
    });
    expect(none.jobs).toEqual([]);
  });
});

describe("transcript and search API", () => {
  let handle: DbHandle;
  let key: string;
  beforeAll(async () => {
    handle = await getDbHandle();
    const projectId = (await createTestProject(handle)).id;
    key = (await createApiKey({ db: handle.db, projectId, name: "r", scopes: ["read"] })).key;
    await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: session("api-1") });
  });
  const get = (path: string) =>
    new Request(`http://x${path}`, { headers: { authorization: `Bearer ${key}` } });

  it("pages the transcript and downloads it whole", async () => {
    const res = await transcriptRoute(get("/api/v1/jobs/api-1/transcript?limit=5"), {
      params: Promise.resolve({ id: "api-1" }),
    });
    const page = transcriptPageSchema.parse(await res.json());
    expect(page.entries).toHaveLength(5);
    const dl = await transcriptRoute(get("/api/v1/jobs/api-1/transcript?download=1"), {
      params: Promise.resolve({ id: "api-1" }),
    });
    expect(dl.headers.get("content-disposition")).toMatch(/attachment; filename="transcript-/);
    expect(((await dl.json()) as { entries: unknown[] }).entries).toHaveLength(8);
    const missing = await transcriptRoute(get("/api/v1/jobs/nope/transcript"), {
      params: Promise.resolve({ id: "nope" }),
    });
    expect(missing.status).toBe(404);
  });

  it("searches across transcripts", async () => {
    const res = await searchRoute(get("/api/v1/search?q=validator"), { params: Promise.resolve({}) });
    const body = searchResponseSchema.parse(await res.json());
    expect(body.hits.map((h) => h.entry_id).sort()).toEqual(["api-1-b1", "api-1-r1"]);
  });
});
