// The Costs page's queries, on a small fleet whose figures are worked out by hand
// (tests/helpers/costs.ts): spend and tokens from the hourly rollup, outcomes from the job table.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { projectAccess, user } from "@/db/schema";
import { costJobsReport, costsReport, scopeProjects } from "@/lib/costs/queries";
import { viewReports } from "@/lib/costs/view-reports";
import { ingestBatch } from "@/lib/ingest/ingest";
import { at, costFleet } from "../helpers/costs";
import { createTestProject, openTestDb } from "../helpers/db";
import { createUser } from "../helpers/users";

const range = { from: new Date(at("09:00")), to: new Date(at("12:00")), bucket: "hour" as const };
const now = new Date(at("12:00"));
const pickId = ({ id, slug }: { id: string; slug: string }) => ({ id, slug });

describe("costs queries", () => {
  let handle: DbHandle;
  let p: { id: string; slug: string };
  let q: { id: string; slug: string };
  beforeAll(async () => {
    handle = await openTestDb();
    const pick = ({ id, slug }: { id: string; slug: string }) => ({ id, slug });
    p = pick(await createTestProject(handle));
    q = pick(await createTestProject(handle));
    await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: costFleet() });
    // another project: one $2 job of scout
    const other = costFleet().filter((e) => e.job === "A");
    for (const e of other) if (e.type === "job.usage") Object.assign(e.data, { cost_usd: 1 });
    await ingestBatch({ db: handle.db, projectId: q.id, apiKeyId: null, rawEvents: other });
  });
  afterAll(async () => {
    await handle.close();
  });

  it("totals spend, tokens, cache hit rate and unpriced usage of the range", async () => {
    const r = await costsReport({ db: handle.db, projects: [p], range, groupBy: "model", now });
    expect(r.totals.cost_usd).toBeCloseTo(2.15, 8);
    expect(r.totals.reported_cost_usd).toBeCloseTo(2.15, 8);
    expect(r.totals).toMatchObject({
      input_tokens: 1710,
      output_tokens: 365,
      cache_read_tokens: 3000,
      cache_write_tokens: 500,
      usage_events: 5,
      unpriced_events: 1,
      unpriced_models: [{ model: "mystery-model-x", events: 1 }],
    });
    expect(r.totals.cache_hit_rate).toBeCloseTo(3000 / 5210, 10);
    expect(r.projects).toEqual([p.slug]);
  });

  it("groups by model with a series per hour, costliest first", async () => {
    const r = await costsReport({ db: handle.db, projects: [p], range, groupBy: "model", now });
    expect(r.groups.map((g) => [g.key, Number(g.cost_usd.toFixed(8))])).toEqual([
      ["gpt-5-codex", 1.4],
      ["claude-sonnet-4-5", 0.75],
      ["mystery-model-x", 0],
    ]);
    const sonnet = r.series.find((s) => s.key === "claude-sonnet-4-5");
    expect(sonnet?.points.map((pt) => [pt.bucket, pt.cost_usd, pt.input_tokens])).toEqual([
      [at("09:00").replace(".000Z", "Z"), 0.5, 1000],
      [at("10:00").replace(".000Z", "Z"), 0.25, 100],
    ]);
    expect(r.groups.find((g) => g.key === "claude-sonnet-4-5")?.cache_hit_rate).toBeCloseTo(3000 / 4600, 10);
  });

  it("groups by agent and harness (from the job), and buckets by day", async () => {
    const agents = await costsReport({ db: handle.db, projects: [p], range, groupBy: "agent", now });
    expect(agents.groups.map((g) => [g.key, Number(g.cost_usd.toFixed(8))])).toEqual([
      ["fixer", 1.4],
      ["scout", 0.75],
    ]);
    const harnesses = await costsReport({
      db: handle.db,
      projects: [p],
      range,
      bucket: "day",
      groupBy: "harness",
      now,
    });
    expect(harnesses.range.bucket).toBe("day");
    expect(
      harnesses.series.map((s) => [s.key, s.points.map((pt) => [pt.bucket, Number(pt.cost_usd.toFixed(8))])]),
    ).toEqual([
      ["codex", [["2026-03-02T00:00:00Z", 1.4]]],
      ["claude-code", [["2026-03-02T00:00:00Z", 0.75]]],
    ]);
  });

  it("filters by agent, model and harness", async () => {
    const scout = await costsReport({
      db: handle.db,
      projects: [p],
      range,
      groupBy: "model",
      filters: { agent: "scout" },
      now,
    });
    expect(scout.totals.cost_usd).toBeCloseTo(0.75, 8);
    expect(scout.totals.unpriced_events).toBe(1);
    const codex = await costsReport({
      db: handle.db,
      projects: [p],
      range,
      groupBy: "agent",
      filters: { harness: "codex", model: "gpt-5-codex" },
      now,
    });
    expect(codex.groups.map((g) => g.key)).toEqual(["fixer"]);
    expect(codex.totals.usage_events).toBe(2);
  });

  it("counts the hour containing the range's start whole, and stops before its end", async () => {
    const r = await costsReport({
      db: handle.db,
      projects: [p],
      range: { from: new Date(at("09:30")), to: new Date(at("11:00")), bucket: "hour" },
      groupBy: "model",
      now,
    });
    expect(r.totals.cost_usd).toBeCloseTo(1.75, 8);
  });

  it("gives month to date with a forecast linear on the daily run rate", async () => {
    const r = await costsReport({
      db: handle.db,
      projects: [p],
      range: { from: new Date(at("11:00")), to: now, bucket: "hour" },
      groupBy: "model",
      now,
    });
    expect(r.month_to_date.month).toBe("2026-03");
    expect(r.month_to_date.cost_usd).toBeCloseTo(2.15, 8);
    expect(r.month_to_date.days_elapsed).toBeCloseTo(1.5, 10);
    expect(r.month_to_date.days_in_month).toBe(31);
    expect(r.month_to_date.forecast_usd).toBeCloseTo((2.15 / 1.5) * 31, 8);
  });

  it("groups by project across the projects in scope: those the session may see, its own for a key", async () => {
    const admin = await createUser(handle.db, "admin");
    const session = await scopeProjects({ db: handle.db, projectId: p.id, groupBy: "project", user: admin });
    expect(session.map((s) => s.slug)).toEqual(expect.arrayContaining([p.slug, q.slug]));
    // a viewer limited to p (lib/projects/access.ts) gets p alone, never q's spend
    const viewer = await createUser(handle.db, "viewer");
    await handle.db.update(user).set({ allProjects: false }).where(eq(user.id, viewer.id));
    await handle.db.insert(projectAccess).values({ userId: viewer.id, projectId: p.id });
    expect(await scopeProjects({ db: handle.db, projectId: p.id, groupBy: "project", user: viewer })).toEqual(
      [p],
    );
    const key = await scopeProjects({ db: handle.db, projectId: p.id, groupBy: "project", user: null });
    expect(key).toEqual([p]);
    const byModel = await scopeProjects({ db: handle.db, projectId: p.id, groupBy: "model", user: admin });
    expect(byModel).toEqual([p]);
    const r = await costsReport({ db: handle.db, projects: [p, q], range, groupBy: "project", now });
    expect(r.groups.map((g) => [g.key, Number(g.cost_usd.toFixed(8))])).toEqual([
      [p.slug, 2.15],
      [q.slug, 2],
    ]);
  });

  it("reads the page's two reports together, each what costsReport gives for its view alone", async () => {
    const admin = await createUser(handle.db, "admin");
    const cases = [
      // together: the same project and bucket
      [{ group_by: "model" }, { group_by: "agent" }],
      [{ group_by: "harness" }, { group_by: "agent" }],
      // apart: another bucket (the range's is "hour"), or other projects (the admin's two for "project")
      [{ group_by: "agent", bucket: "day" }, { group_by: "model" }],
      [{ group_by: "project" }, { group_by: "agent" }],
    ] as const;
    for (const views of cases) {
      const got = await viewReports({
        db: handle.db,
        projectId: p.id,
        user: admin,
        range,
        views: [...views],
        filters: {},
        now,
      });
      const alone = await Promise.all(
        views.map(async (v) =>
          costsReport({
            db: handle.db,
            projects: await scopeProjects({
              db: handle.db,
              projectId: p.id,
              groupBy: v.group_by,
              user: admin,
            }),
            range,
            bucket: "bucket" in v ? v.bucket : range.bucket,
            groupBy: v.group_by,
            now,
          }),
        ),
      );
      expect(got).toEqual(alone);
    }
    // by hand (tests/helpers/costs.ts): p's $2.15 whichever the grouping, month to date the same in both
    const [byModel, byAgent] = await viewReports({
      db: handle.db,
      projectId: p.id,
      user: admin,
      range,
      views: [{ group_by: "model" }, { group_by: "agent" }],
      filters: {},
      now,
    });
    expect(byModel?.totals.cost_usd).toBeCloseTo(2.15, 8);
    expect(byAgent?.totals.cost_usd).toBeCloseTo(2.15, 8);
    expect(byAgent?.groups.map((g) => g.key).sort()).toEqual(["fixer", "scout"]);
    expect(byModel?.month_to_date).toEqual(byAgent?.month_to_date);
  });

  it("reports top jobs, cost per successful job and wasted spend by model and agent", async () => {
    const r = await costJobsReport({ db: handle.db, projectId: p.id, range });
    expect(r.top_jobs.slice(0, 3).map((j) => [j.external_id, j.cost_usd, j.retry])).toEqual([
      ["B", 1, false],
      ["A", 0.75, false],
      ["C", 0.4, true],
    ]);
    expect(r.totals).toMatchObject({ jobs: 4, succeeded: 2, failed: 1, cancelled: 1, retries: 1 });
    expect(r.totals.cost_usd).toBeCloseTo(2.15, 8);
    expect(r.totals.cost_per_success_usd).toBeCloseTo(1.15 / 2, 8);
    expect(r.totals.all_in_cost_per_success_usd).toBeCloseTo(2.15 / 2, 8);
    expect(r.totals.failed_usd).toBeCloseTo(1, 8);
    expect(r.totals.retry_usd).toBeCloseTo(0.4, 8);
    expect(r.totals.wasted_usd).toBeCloseTo(1.4, 8);
    const codex = r.by_model.find((m) => m.key === "gpt-5-codex");
    expect(codex).toMatchObject({ jobs: 2, succeeded: 1, failed: 1, retries: 1 });
    expect(codex?.cost_per_success_usd).toBeCloseTo(0.4, 8);
    expect(codex?.wasted_usd).toBeCloseTo(1.4, 8);
    expect(r.by_agent.map((a) => a.key)).toEqual(["fixer", "scout"]);
    const scout = r.by_agent.find((a) => a.key === "scout");
    expect(scout).toMatchObject({ jobs: 2, succeeded: 1, cancelled: 1, cancelled_usd: 0, wasted_usd: 0 });
    expect(scout?.cost_per_success_usd).toBeCloseTo(0.75, 8);
  });

  it("counts a retry named by the protocol's retry_of or by an older runner's labels.retry_of", async () => {
    // X succeeded ($1.00); Y retries X through data.retry_of ($0.30); Z retries Y through labels.retry_of ($0.20);
    // neither says trigger "retry". Retries 2; retry spend of jobs that did not fail = 0.30 + 0.20 = $0.50, all of
    // it wasted (nothing failed or was cancelled).
    const r3 = pickId(await createTestProject(handle));
    const job = (id: string, minute: number, cost: number, data: Record<string, unknown>) => [
      {
        id: `${id}-s`,
        type: "job.started",
        time: at(`10:${minute}`),
        job: id,
        agent: "fixer",
        data: { harness: "codex", model: "gpt-5-codex", ...data },
      },
      {
        id: `${id}-u`,
        type: "job.usage",
        time: at(`10:${minute + 1}`),
        job: id,
        data: { model: "gpt-5-codex", input_tokens: 10, output_tokens: 1, cost_usd: cost },
      },
      { id: `${id}-c`, type: "job.completed", time: at(`10:${minute + 2}`), job: id, data: {} },
    ];
    await ingestBatch({
      db: handle.db,
      projectId: r3.id,
      apiKeyId: null,
      rawEvents: [
        ...job("X", 10, 1, {}),
        ...job("Y", 20, 0.3, { retry_of: "X" }),
        ...job("Z", 30, 0.2, { labels: { retry_of: "Y" } }),
      ],
    });
    const r = await costJobsReport({ db: handle.db, projectId: r3.id, range });
    expect(r.top_jobs.map((j) => [j.external_id, j.retry])).toEqual([
      ["X", false],
      ["Y", true],
      ["Z", true],
    ]);
    expect(r.totals).toMatchObject({ jobs: 3, succeeded: 3, retries: 2 });
    expect(r.totals.retry_usd).toBeCloseTo(0.5, 8);
    expect(r.totals.wasted_usd).toBeCloseTo(0.5, 8);
  });

  it("filters jobs and leaves a range without jobs empty", async () => {
    const fixer = await costJobsReport({
      db: handle.db,
      projectId: p.id,
      range,
      filters: { agent: "fixer" },
    });
    expect(fixer.totals.jobs).toBe(2);
    expect(fixer.by_model.map((m) => m.key)).toEqual(["gpt-5-codex"]);
    const empty = await costJobsReport({
      db: handle.db,
      projectId: p.id,
      range: { from: new Date(at("13:00")), to: new Date(at("14:00")) },
    });
    expect(empty).toMatchObject({ top_jobs: [], by_model: [], by_agent: [] });
    expect(empty.totals).toMatchObject({ jobs: 0, cost_usd: 0, cost_per_success_usd: null });
  });
});
