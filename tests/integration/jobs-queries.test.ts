// The jobs read model: filters, keyset pagination, job detail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { getJob, getJobFacets, listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";
import { createTestProject, openTestDb } from "../helpers/db";

const NOW = new Date(Date.UTC(2026, 10, 20, 12));
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

async function seed(handle: DbHandle, projectId: string) {
  const events: unknown[] = [];
  for (let i = 0; i < 25; i++) {
    const jobId = `job-${String(i).padStart(2, "0")}`;
    const agentName = i % 2 === 0 ? "scout" : "reviewer";
    const model = i % 3 === 0 ? "gpt-5" : "claude-sonnet-4-5";
    // every 5th job shares a start time with the previous one: pagination must break ties
    const startedMin = 600 - (i - (i % 5 === 4 ? 1 : 0)) * 10;
    events.push({
      id: `${jobId}-s`,
      type: "job.started",
      time: minutesAgo(startedMin),
      job: jobId,
      agent: agentName,
      data: { harness: "codex", model },
    });
    if (i % 4 === 0)
      events.push({
        id: `${jobId}-f`,
        type: "job.failed",
        time: minutesAgo(startedMin - 2),
        job: jobId,
        data: { error: { message: "tests failed" } },
      });
    else if (i % 4 === 1)
      events.push({
        id: `${jobId}-c`,
        type: "job.completed",
        time: minutesAgo(startedMin - 3),
        job: jobId,
        data: {},
      });
  }
  // a job that has been silent for 30 minutes: stalled (project default is 15 min)
  events.push({
    id: "old-s",
    type: "job.started",
    time: minutesAgo(30),
    job: "silent",
    agent: "scout",
    data: { harness: "codex" },
  });
  // a job from last month: outside the default 7-day range
  events.push({
    id: "ancient-s",
    type: "job.started",
    time: new Date(NOW.getTime() - 40 * 86_400_000).toISOString(),
    job: "ancient",
    agent: "scout",
    data: { harness: "codex" },
  });
  const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: events });
  expect(r.rejected).toBe(0);
}

describe("jobs queries", () => {
  let handle: DbHandle;
  let projectId: string;
  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    await seed(handle, projectId);
  });
  afterAll(async () => {
    await handle.close();
  });

  const list = (q: Record<string, unknown>) =>
    listJobs({ db: handle.db, projectId, filters: jobsQuerySchema.parse(q), now: NOW });

  it("pages through every job once, newest first, with ties broken by id", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: 7, cursor });
      seen.push(...page.jobs.map((j) => j.external_id));
      cursor = page.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect(seen[0]).toBe("silent");
    expect(seen).not.toContain("ancient");
  });

  it("filters by status, agent, model and range", async () => {
    expect((await list({ status: "failed", limit: 100 })).jobs.map((j) => j.external_id).sort()).toEqual([
      "job-00",
      "job-04",
      "job-08",
      "job-12",
      "job-16",
      "job-20",
      "job-24",
    ]);
    const scoutGpt = await list({ agent: "scout", model: "gpt-5", limit: 100 });
    expect(scoutGpt.jobs.every((j) => j.agent === "scout" && j.model === "gpt-5")).toBe(true);
    expect(scoutGpt.jobs).toHaveLength(5); // i = 0, 6, 12, 18, 24
    expect((await list({ range: "1h", limit: 100 })).jobs.map((j) => j.external_id)).toEqual(["silent"]);
    expect((await list({ range: "all", limit: 100 })).jobs).toHaveLength(27);
  });

  it("marks running jobs with no recent event as stalled", async () => {
    // running jobs are those with i % 4 in {2, 3}; all went silent long ago, like "silent" 30 minutes ago
    const running = Array.from({ length: 25 }, (_, i) => i)
      .filter((i) => i % 4 >= 2)
      .map((i) => `job-${String(i).padStart(2, "0")}`);
    const stalled = await list({ status: "stalled", limit: 100 });
    expect(stalled.jobs.every((j) => j.stalled && j.status === "running")).toBe(true);
    expect(stalled.jobs.map((j) => j.external_id).sort()).toEqual([...running, "silent"].sort());
    const fresh = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({ status: "stalled", range: "all" }),
      now: new Date(Date.parse(minutesAgo(25))),
    });
    expect(fresh.jobs.map((j) => j.external_id)).not.toContain("silent");
  });

  it("returns a job with its events by either id", async () => {
    const byExternal = await getJob({ db: handle.db, projectId, id: "job-00" });
    expect(byExternal).toMatchObject({
      status: "failed",
      error_message: "tests failed",
      duration_ms: 120_000,
    });
    expect(byExternal?.events.map((e) => e.type)).toEqual(["job.started", "job.failed"]);
    const byId = await getJob({ db: handle.db, projectId, id: byExternal?.id ?? "" });
    expect(byId?.external_id).toBe("job-00");
    expect(await getJob({ db: handle.db, projectId, id: "nope" })).toBeNull();
  });

  it("lists agents, models and harnesses for the filter menus", async () => {
    // no job here says a trigger, schedule or step (runs-list.test.ts has some)
    expect(await getJobFacets({ db: handle.db, projectId })).toEqual({
      agents: ["reviewer", "scout"],
      models: ["claude-sonnet-4-5", "gpt-5"],
      harnesses: ["codex"],
      triggers: [],
      schedules: [],
      steps: [],
    });
  });
});
