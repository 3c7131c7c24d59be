// The model x harness matrix, the variance figures and the comparison on a hand-written fleet (models-fleet.ts).
// Expected figures are worked out by hand from the fleet's table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";
import { compareSides } from "@/lib/models/compare";
import { getModelMatrix } from "@/lib/models/queries";
import { compareResponseSchema, modelsResponseSchema } from "@/lib/models/schemas";
import { resolveRange } from "@/lib/range/range";
import { createTestProject, openTestDb } from "../helpers/db";
import { NOW, seedFleet } from "./models-fleet";

const DAY = resolveRange({ range: "24h" }, NOW);
const MIN = 60_000;

describe("models", () => {
  let handle: DbHandle;
  let projectId: string;
  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    await seedFleet(handle, projectId);
  });
  afterAll(async () => {
    await handle.close();
  });

  const matrix = async () =>
    modelsResponseSchema.parse(await getModelMatrix({ db: handle.db, projectId, range: DAY }));
  const cell = (m: Awaited<ReturnType<typeof matrix>>, model: string, harness: string) => {
    const c = m.cells.find((x) => x.model === model && x.harness === harness);
    if (!c) throw new Error(`no cell ${model}/${harness}`);
    return c;
  };

  it("computes each cell's outcomes, interval, durations, costs, score and failure classes", async () => {
    const m = await matrix();
    expect(m.cells).toHaveLength(5);
    // 49 jobs started in the range: 48 in cells + the queued one with no model or harness
    expect(m.excluded_jobs).toBe(1);
    expect(m.truncated).toBe(false);
    // jobs per model: alpha 22, beta 22, gamma 4 (ties by name); per harness: h-two 26, h-one 22
    expect(m.models).toEqual(["m-alpha", "m-beta", "m-gamma"]);
    expect(m.harnesses).toEqual(["h-two", "h-one"]);

    const a1 = cell(m, "m-alpha", "h-one");
    expect(a1).toMatchObject({
      jobs: 12,
      finished: 12,
      succeeded: 10,
      failed: 2,
      cancelled: 0,
      unfinished: 0,
    });
    expect(a1.success_rate).toBeCloseTo(10 / 12, 10);
    // Wilson 95% for 10 of 12: 0.5520 .. 0.9530
    expect(a1.success_ci?.low).toBeCloseTo(0.552, 3);
    expect(a1.success_ci?.high).toBeCloseTo(0.953, 3);
    // durations 1..12 minutes: median 6.5 min; p90 at rank 9.9 of 0..11 -> 10 + 0.9 = 10.9 min
    expect(a1.duration_p50_ms).toBeCloseTo(6.5 * MIN, 3);
    expect(a1.duration_p90_ms).toBeCloseTo(10.9 * MIN, 3);
    // 12 x $0.50 = $6; per job $0.50; per success 6 / 10
    expect(a1.spend_usd).toBeCloseTo(6, 8);
    expect(a1.cost_per_job_usd).toBeCloseTo(0.5, 8);
    expect(a1.cost_per_success_usd).toBeCloseTo(0.6, 8);
    expect(a1.unpriced_jobs).toBe(0);
    expect(a1.mean_score).toBeNull();
    expect(a1.failure_classes).toEqual([
      { failure_class: "max_turns", count: 1 },
      { failure_class: "rate_limit", count: 1 },
    ]);

    const b2 = cell(m, "m-beta", "h-two");
    // 12 jobs: 6 ok, 4 failed, 1 cancelled, 1 still running; finished = 10
    expect(b2).toMatchObject({
      jobs: 12,
      finished: 10,
      succeeded: 6,
      failed: 4,
      cancelled: 1,
      unfinished: 1,
    });
    // finished durations 1..10 min (the cancelled job's 11 min does not count): 5.5 and 9 + 0.1 = 9.1 min
    expect(b2.duration_p50_ms).toBeCloseTo(5.5 * MIN, 3);
    expect(b2.duration_p90_ms).toBeCloseTo(9.1 * MIN, 3);
    // 12 x $0.10 (the cancelled and running jobs cost too) / 6 successes
    expect(b2.spend_usd).toBeCloseTo(1.2, 8);
    expect(b2.cost_per_success_usd).toBeCloseTo(0.2, 8);
    expect(b2.failure_classes).toEqual([
      { failure_class: "max_turns", count: 3 },
      { failure_class: "rate_limit", count: 1 },
    ]);

    const a2 = cell(m, "m-alpha", "h-two");
    // factor 3: durations 3..30 min -> 16.5 and 27.3 min; scores 0.5 x 5 (odd i) + 1.0 x 4 (even i) over 9
    expect(a2.duration_p50_ms).toBeCloseTo(16.5 * MIN, 3);
    expect(a2.duration_p90_ms).toBeCloseTo(27.3 * MIN, 3);
    expect(a2.mean_score).toBeCloseTo(6.5 / 9, 10);
    expect(a2.scored_jobs).toBe(9);
    expect(a2.cost_per_success_usd).toBeCloseTo(4 / 9, 8);
  });

  it("marks cells with fewer than 10 finished jobs and ranks only the others", async () => {
    const m = await matrix();
    expect(m.min_finished).toBe(10);
    const g = cell(m, "m-gamma", "h-two");
    expect(g.enough_data).toBe(false);
    expect(g.rank_success).toBeNull();
    expect(g.rank_cost).toBeNull();
    // success rates: alpha/h-two 0.9, alpha/h-one 0.833, beta/h-two 0.6, beta/h-one 0.5
    expect(cell(m, "m-alpha", "h-two").rank_success).toBe(1);
    expect(cell(m, "m-alpha", "h-one").rank_success).toBe(2);
    expect(cell(m, "m-beta", "h-two").rank_success).toBe(3);
    expect(cell(m, "m-beta", "h-one").rank_success).toBe(4);
    // cost per success: beta/h-two 0.20, beta/h-one 0.40, alpha/h-two 0.444, alpha/h-one 0.60
    expect(cell(m, "m-beta", "h-two").rank_cost).toBe(1);
    expect(cell(m, "m-alpha", "h-one").rank_cost).toBe(4);
  });

  it("splits the variance across models from the variance across harnesses", async () => {
    const { variance } = await matrix();
    // Success rate, gamma excluded (4 finished). Across models: h-one {5/6, 1/2} -> (1/6)^2 = 1/36;
    // h-two {0.9, 0.6} -> 0.15^2 = 9/400. Across harnesses: alpha {5/6, 0.9} -> (1/30)^2 = 1/900;
    // beta {0.5, 0.6} -> 0.05^2 = 1/400. Ratio = (1/36 + 9/400) / (1/900 + 1/400) = 181 / 13.
    const s = variance.success_rate;
    expect(s.cells).toBe(4);
    expect(s.across_models.mean_variance).toBeCloseTo((1 / 36 + 9 / 400) / 2, 12);
    expect(s.across_models.groups.map((g) => [g.group, g.members])).toEqual([
      ["h-one", 2],
      ["h-two", 2],
    ]);
    expect(s.across_harnesses.mean_variance).toBeCloseTo((1 / 900 + 1 / 400) / 2, 12);
    expect(s.ratio).toBeCloseTo(181 / 13, 9);
    expect(s.across_models.sd).toBeCloseTo(Math.sqrt((1 / 36 + 9 / 400) / 2), 12);
    // Cost per success: h-one {0.6, 0.4} -> 81/8100; h-two {4/9, 0.2} -> (11/90)^2 = 121/8100;
    // alpha {0.6, 4/9} -> (7/90)^2 = 49/8100; beta {0.4, 0.2} -> 81/8100. Ratio = 202 / 130 = 101 / 65.
    const c = variance.cost_per_success;
    expect(c.across_models.mean_variance).toBeCloseTo(101 / 8100, 12);
    expect(c.across_harnesses.mean_variance).toBeCloseTo(65 / 8100, 12);
    expect(c.ratio).toBeCloseTo(101 / 65, 9);
    expect(variance.definition).toMatch(/at least 10 finished jobs/);
  });

  it("compares two models on the repos both worked on", async () => {
    const r = compareResponseSchema.parse(
      await compareSides({
        db: handle.db,
        projectId,
        range: DAY,
        query: { dimension: "model", a: "m-alpha", b: "m-beta", match: "repo" },
      }),
    );
    // alpha: api, web (h-one) and docs (h-two); beta: api, web -> shared: api, web
    expect(r.shared_keys).toBe(2);
    expect(r.a).toMatchObject({ value: "m-alpha", jobs_in_range: 22, jobs: 12, succeeded: 10, failed: 2 });
    expect(r.a.spend_usd).toBeCloseTo(6, 8);
    // beta: h-one (10) and h-two (12): 11 ok, 9 failed, 1 cancelled, 1 running
    expect(r.b).toMatchObject({ jobs_in_range: 22, jobs: 22, finished: 20, succeeded: 11, failed: 9 });
    expect(r.b.cost_per_success_usd).toBeCloseTo(3.2 / 11, 8);
    expect(r.success_rate_difference).toBeCloseTo(10 / 12 - 11 / 20, 10);
    // 10/12: 0.552 .. 0.953 and 11/20: 0.342 .. 0.742 overlap
    expect(r.intervals_overlap).toBe(true);
    // web: alpha i = 7..12 (4 ok) + beta/h-two 12; api: alpha i = 1..6 + beta/h-one 10
    expect(r.keys).toEqual([
      {
        key: "acme/web",
        a: { jobs: 6, finished: 6, succeeded: 4 },
        b: { jobs: 12, finished: 10, succeeded: 6 },
      },
      {
        key: "acme/api",
        a: { jobs: 6, finished: 6, succeeded: 6 },
        b: { jobs: 10, finished: 10, succeeded: 5 },
      },
    ]);
  });

  it("compares on a label's values, on harnesses, and refuses overlapping sides", async () => {
    const byTier = await compareSides({
      db: handle.db,
      projectId,
      range: DAY,
      query: { dimension: "model", a: "m-gamma", b: "m-alpha", match: "label:tier" },
    });
    // tier=gold: gamma (4 jobs) and alpha only on h-two (10 jobs)
    expect(byTier.shared_keys).toBe(1);
    expect([byTier.a.jobs, byTier.b.jobs, byTier.b.jobs_in_range]).toEqual([4, 10, 22]);
    const harnesses = await compareSides({
      db: handle.db,
      projectId,
      range: DAY,
      query: { dimension: "harness", a: "h-one@1.0", b: "h-two", match: "none" },
    });
    expect([harnesses.a.jobs, harnesses.b.jobs]).toEqual([22, 26]);
    expect(harnesses.b.succeeded).toBe(9 + 6 + 3);
    await expect(
      compareSides({
        db: handle.db,
        projectId,
        range: DAY,
        query: { dimension: "harness", a: "h-one", b: "h-one@1.0", match: "none" },
      }),
    ).rejects.toThrow(/two versions/);
  });

  it("drills down: the jobs list filtered by model, harness and the same range", async () => {
    const page = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({
        model: "m-beta",
        harness: "h-two",
        range: "custom",
        from: DAY.from.toISOString(),
        to: DAY.to.toISOString(),
        limit: 100,
      }),
      now: NOW,
    });
    expect(page.jobs).toHaveLength(12);
    expect(page.jobs.every((j) => j.model === "m-beta" && j.harness === "h-two")).toBe(true);
    // a custom window that ends before cell 3 starts (NOW - 10h): none of its jobs
    const before = await listJobs({
      db: handle.db,
      projectId,
      filters: jobsQuerySchema.parse({
        model: "m-beta",
        harness: "h-two",
        range: "custom",
        from: DAY.from.toISOString(),
        to: new Date(NOW.getTime() - 11 * 60 * MIN).toISOString(),
      }),
      now: NOW,
    });
    expect(before.jobs).toHaveLength(0);
  });
});
