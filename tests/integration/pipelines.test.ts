// Pipelines (lib/pipelines): runs grouped by their steps, with success per step, where runs fail, cost per step
// and per successful run, and send-backs, all worked out by hand from tests/helpers/runs-fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";
import { getPipelines } from "@/lib/pipelines/queries";
import { pipelinesQuerySchema, pipelinesReportSchema } from "@/lib/pipelines/schemas";
import { createTestProject, openTestDb } from "../helpers/db";
import { ingest, NOW, ORPHAN, RUN_A, RUN_B, RUN_C } from "../helpers/runs-fixture";

const KEY = "write → review:gpt-5 → review:gemini → fix";

describe("pipelines", () => {
  let handle: DbHandle;
  let projectId: string;
  const report = async (q: Record<string, unknown> = {}) =>
    pipelinesReportSchema.parse(
      await getPipelines({
        db: handle.db,
        projectId,
        range: pipelinesQuerySchema.parse({ range: "24h", ...q }),
        now: NOW,
      }),
    );

  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    await ingest(handle, projectId, [...RUN_B, ...RUN_C, ...ORPHAN, ...[...RUN_A].reverse()]);
  });
  afterAll(async () => handle.close());

  it("groups the runs with the same steps into one pipeline; runs without steps form none", async () => {
    const r = await report();
    // A, B and C started in the range (the orphan is no run); C has no steps
    expect(r.runs_read).toBe(3);
    expect(r.runs_capped).toBe(false);
    expect(r.pipelines.map((p) => p.key)).toEqual([KEY]);
  });

  it("works out runs, success per step, cost per step and per successful run, send-backs and failures", async () => {
    const [p] = (await report()).pipelines;
    // A succeeded (its failed review was retried), B failed at its second fix
    expect(p?.runs).toBe(2);
    expect(p?.runs_by_status).toEqual({ running: 0, failed: 1, cancelled: 0, succeeded: 1 });
    // 0.19 + 0.32 = 0.51 spent for one successful run
    expect(p?.cost_usd).toBeCloseTo(0.51, 8);
    expect(p?.cost_per_successful_run).toBeCloseTo(0.51, 8);
    // B: write, review:gpt-5, review:gemini, fix, review:gpt-5, fix — fix ran before the second review:gpt-5
    // and again after it: one send-back, credited to review:gpt-5; A has none
    expect(p?.sent_back_runs).toBe(1);
    expect(p?.send_back_rate).toBe(0.5);
    const steps = Object.fromEntries((p?.steps ?? []).map((s) => [s.step, s]));
    expect(p?.steps.map((s) => s.step)).toEqual(["write", "review:gpt-5", "review:gemini", "fix"]);
    // write: A, B succeeded; 0.10 + 0.20 over 2 runs
    expect(steps.write).toMatchObject({ jobs: 2, succeeded: 2, failed: 0, success_rate: 1, sent_back: 0 });
    expect(steps.write?.cost_usd).toBeCloseTo(0.3, 8);
    expect(steps.write?.cost_per_run).toBeCloseTo(0.15, 8);
    // review:gpt-5: A-r1, B-r1, B-r3 all succeeded; 0.02 × 3 = 0.06 over 2 runs
    expect(steps["review:gpt-5"]).toMatchObject({ jobs: 3, succeeded: 3, success_rate: 1, sent_back: 1 });
    expect(steps["review:gpt-5"]?.cost_per_run).toBeCloseTo(0.03, 8);
    // review:gemini: A-r2 failed, its retry A-r2b and B-r2 succeeded: 2 of 3 attempts; 0.03 over 2 runs
    expect(steps["review:gemini"]).toMatchObject({ jobs: 3, succeeded: 2, failed: 1, sent_back: 0 });
    expect(steps["review:gemini"]?.success_rate).toBeCloseTo(2 / 3, 8);
    expect(steps["review:gemini"]?.cost_usd).toBeCloseTo(0.03, 8);
    // fix: A-fix and B-f1 succeeded, B-f2 failed; 0.05 + 0.04 + 0.03 = 0.12 over 2 runs
    expect(steps.fix).toMatchObject({ jobs: 3, succeeded: 2, failed: 1 });
    expect(steps.fix?.cost_per_run).toBeCloseTo(0.06, 8);
    // B failed at fix with test output; A's rate limit was retried away and is not where a run failed
    expect(p?.failures).toEqual([{ step: "fix", failure_class: "test_failure", runs: 1 }]);
  });

  it("leaves out runs that started before the range", async () => {
    // the last 70 minutes hold B (started 60 min ago) and C, not A (120 min ago)
    const from = new Date(NOW.getTime() - 70 * 60_000).toISOString();
    const r = await report({ range: "custom", from, to: NOW.toISOString() });
    expect(r.runs_read).toBe(2);
    expect(r.pipelines).toHaveLength(1);
    // B alone: failed, so no successful run to divide its 0.32 by
    expect(r.pipelines[0]).toMatchObject({
      key: KEY,
      runs: 1,
      cost_per_successful_run: null,
      send_back_rate: 1,
    });
  });

  it("the jobs list's pipeline and step filters give the jobs of the step the page links to", async () => {
    const page = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({ range: "24h", pipeline: KEY, step: "fix" }),
      now: NOW,
    });
    expect(page.jobs.map((j) => j.external_id).sort()).toEqual(["A-fix", "B-f1", "B-f2"]);
    const all = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({ range: "24h", pipeline: KEY }),
      now: NOW,
    });
    expect(all.total).toBe(11);
    const none = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({ range: "24h", pipeline: "write → ship" }),
      now: NOW,
    });
    expect(none.jobs).toEqual([]);
  });
});
