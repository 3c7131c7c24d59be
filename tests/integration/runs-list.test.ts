// The jobs list's runs mode (lib/runs-list) and the jobs list's run filters: roots with roll-ups worked out by
// hand, keyset paging, a run whose children arrive before its root, expanding a run, trigger/schedule/step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { getJobFacets, listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";
import { listRuns } from "@/lib/runs-list/queries";
import { runsPageSchema, runsQuerySchema } from "@/lib/runs-list/schemas";
import { createTestProject, openTestDb } from "../helpers/db";
import { ingest, NOW, ORPHAN, RUN_A, RUN_B, RUN_C } from "../helpers/runs-fixture";

describe("runs list", () => {
  let handle: DbHandle;
  let projectId: string;
  const runs = async (q: Record<string, unknown> = {}) =>
    runsPageSchema.parse(
      await listRuns({
        db: handle.db,
        projectId,
        filters: runsQuerySchema.parse({ range: "24h", ...q }),
        now: NOW,
      }),
    );
  const jobs = async (q: Record<string, unknown>) =>
    listJobs({ db: handle.db, projectId, filters: jobsQuerySchema.parse({ range: "24h", ...q }), now: NOW });

  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    // run A's children arrive first, its root last: the run is assembled when read
    await ingest(handle, projectId, RUN_A.slice(1).reverse());
    const early = await runs();
    expect(early.runs.map((r) => r.root.external_id)).toEqual([]);
    await ingest(handle, projectId, [...RUN_A.slice(0, 1), ...RUN_B, ...RUN_C, ...ORPHAN]);
  });
  afterAll(async () => handle.close());

  it("lists only roots, newest first, with rolled-up status, cost, tokens, job count and duration", async () => {
    const page = await runs();
    // D-child names a parent that never came: no run of its own
    expect(page.runs.map((r) => r.root.external_id)).toEqual(["C", "B", "A"]);
    const [c, b, a] = page.runs;
    // A: A-r2 failed but its retry A-r2b succeeded, so the last attempts all succeeded.
    // cost 0.10 + 0.02 + 0.01 + 0.01 + 0.05 = 0.19; tokens 5 jobs × 1,100; first start -120 min, last end -80.
    expect(a).toMatchObject({
      status: "succeeded",
      jobs: 5,
      failures: 1,
      cost_usd: 0.19,
      tokens: 5500,
      duration_ms: 40 * 60_000,
      started_at: new Date(NOW.getTime() - 120 * 60_000).toISOString(),
      ended_at: new Date(NOW.getTime() - 80 * 60_000).toISOString(),
    });
    // B: B-f2 (a grandchild of a child, three links down) failed and was not retried.
    // cost 0.20 + 0.02 + 0.01 + 0.04 + 0.02 + 0.03 = 0.32; -60 → -40 min
    expect(b).toMatchObject({
      status: "failed",
      jobs: 6,
      failures: 1,
      cost_usd: 0.32,
      duration_ms: 20 * 60_000,
    });
    // C: C-1 still runs, so the run does: no end, no duration. cost 0.50 + 0.25 (C-1, C-3 report none)
    expect(c).toMatchObject({
      status: "running",
      jobs: 4,
      cost_usd: 0.75,
      ended_at: null,
      duration_ms: null,
    });
  });

  it("assembles the same run whatever order its events came in", async () => {
    const other = (await createTestProject(handle)).id;
    await ingest(handle, other, RUN_A);
    const forward = await listRuns({
      db: handle.db,
      projectId: other,
      filters: runsQuerySchema.parse({ range: "24h" }),
      now: NOW,
    });
    const reverse = (await runs()).runs.find((r) => r.root.external_id === "A");
    const { root: _r1, ...fwd } = forward.runs[0] ?? { root: null };
    const { root: _r2, ...rev } = reverse ?? { root: null };
    expect(rev).toEqual(fwd);
  });

  it("pages runs by their root's start with the list's cursor", async () => {
    const first = await runs({ limit: 2 });
    expect(first.runs.map((r) => r.root.external_id)).toEqual(["C", "B"]);
    const second = await runs({ limit: 2, cursor: first.next_cursor });
    expect(second.runs.map((r) => r.root.external_id)).toEqual(["A"]);
    expect(second.next_cursor).toBeNull();
    const oldest = await runs({ dir: "asc", limit: 1 });
    expect(oldest.runs.map((r) => r.root.external_id)).toEqual(["A"]);
  });

  it("filters runs by a step anywhere in the run, and by the root's trigger kind and schedule", async () => {
    // A's fix names its root in root_job, B's fixes hang three parent links down: both runs have one
    expect((await runs({ step: "fix" })).runs.map((r) => r.root.external_id)).toEqual(["B", "A"]);
    expect((await runs({ step: "nope" })).runs).toEqual([]);
    expect((await runs({ trigger: "cron" })).runs.map((r) => r.root.external_id)).toEqual(["C"]);
    expect((await runs({ schedule: "nightly-deps" })).runs.map((r) => r.root.external_id)).toEqual(["C"]);
    expect((await runs({ schedule: "0 2 * * *" })).runs.map((r) => r.root.external_id)).toEqual(["C"]);
  });

  it("expands a run: the jobs list's run filter gives every job of it, with parent, retry and attempt", async () => {
    const a = (await runs()).runs.find((r) => r.root.external_id === "A");
    const page = await jobs({ run: a?.root.id, sort: "started", dir: "asc" });
    expect(page.jobs.map((j) => j.external_id)).toEqual(["A", "A-r1", "A-r2", "A-r2b", "A-fix"]);
    expect(page.jobs.find((j) => j.external_id === "A-r2b")).toMatchObject({
      retry_of: "A-r2",
      attempt: 2,
      parent_job: "A",
      step: "review:gemini",
    });
    const b = (await runs()).runs.find((r) => r.root.external_id === "B");
    const bJobs = await jobs({ run: b?.root.id });
    expect(bJobs.jobs.map((j) => j.external_id).sort()).toEqual([
      "B",
      "B-f1",
      "B-f2",
      "B-r1",
      "B-r2",
      "B-r3",
    ]);
  });

  it("offers the trigger kinds, schedules (by name) and steps seen in the menus", async () => {
    const facets = await getJobFacets({ db: handle.db, projectId });
    expect(facets.triggers).toEqual(["cron"]);
    expect(facets.schedules).toEqual(["nightly-deps"]);
    expect(facets.steps).toEqual(["fix", "review:gemini", "review:gpt-5", "write"]);
  });

  it("filters jobs by step, trigger kind and schedule", async () => {
    const reviews = await jobs({ step: "review:gemini" });
    expect(reviews.jobs.map((j) => j.external_id).sort()).toEqual(["A-r2", "A-r2b", "B-r2"]);
    expect(reviews.total).toBe(3);
    expect((await jobs({ trigger: "cron" })).jobs.map((j) => j.external_id)).toEqual(["C"]);
    expect((await jobs({ schedule: "nightly-deps" })).jobs.map((j) => j.external_id)).toEqual(["C"]);
  });
});
