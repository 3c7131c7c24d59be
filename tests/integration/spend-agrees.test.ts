// "Spend in range" is one figure: Overview's headline and chart, the Costs page's total and its tables, and an
// agent's spend chart give the same dollars for the same range (lib/costs/spend.ts). Figures made of whole jobs
// (outcome tables, cost per success) are a second, labelled definition; the test works out how they differ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { agentSpendOverTime } from "@/lib/agents/history-queries";
import { spendSeries, spendTotal } from "@/lib/agents/prepare";
import { spendBreakdown } from "@/lib/costs/definitions";
import { costJobsReport, costsReport } from "@/lib/costs/queries";
import { ingestBatch } from "@/lib/ingest/ingest";
import { getOverview } from "@/lib/overview/queries";
import { resolveRange } from "@/lib/range/range";
import { createTestProject, openTestDb } from "../helpers/db";

// A range that does not start on the hour: 10:30 on the 10th to 10:30 on the 13th (3 days: daily buckets).
// The previous range is 10:30 on the 7th to 10:30 on the 10th.
const RANGE = resolveRange({ range: "custom", from: "2026-03-10T10:30:00Z", to: "2026-03-13T10:30:00Z" });
const NOW = new Date("2026-03-13T10:30:00Z");
const cents = (v: number | null | undefined) => Math.round((v ?? Number.NaN) * 100);
const t = (hm: string, day = 10) => `2026-03-${day}T${hm}:00Z`;

const REPORTED = { model: "m-reported", input_tokens: 1000, output_tokens: 100 };
const SONNET = { model: "claude-sonnet-4-5", input_tokens: 100_000, output_tokens: 10_000 };
function job(id: string, start: string, end: string, outcome: "ok" | "fail", usage: [string, object][]) {
  return [
    {
      id: `${id}-s`,
      type: "job.started",
      time: start,
      job: id,
      agent: "ada",
      data: { harness: "claude-code", model: "m-reported" },
    },
    ...usage.map(([time, data], i) => ({ id: `${id}-u${i}`, type: "job.usage", time, job: id, data })),
    outcome === "ok"
      ? { id: `${id}-e`, type: "job.completed", time: end, job: id, data: {} }
      : {
          id: `${id}-e`,
          type: "job.failed",
          time: end,
          job: id,
          data: { error: { message: "tests failed" } },
        },
  ];
}

// Sonnet's price: $3 per million input tokens, $15 per million output: 100k in + 10k out = $0.30 + $0.15 = $0.45.
const EVENTS = [
  // D: before the range (previous window), $16 reported at 09:30 on the 10th
  ...job("D", t("09:00"), t("09:40"), "ok", [[t("09:30"), { ...REPORTED, cost_usd: 16 }]]),
  // A: started 10:10, before the range, but its usage is in the 10:00 hour the range starts in:
  //    10:15 reported $1 (the table would say $0.45), 10:40 no cost sent: priced $0.45
  ...job("A", t("10:10"), t("10:50"), "ok", [
    [t("10:15"), { ...SONNET, cost_usd: 1 }],
    [t("10:40"), SONNET],
  ]),
  // B: started 11:00 in the range, $4 reported at 13:05, succeeded
  ...job("B", t("11:00"), t("13:10"), "ok", [[t("13:05"), { ...REPORTED, cost_usd: 4 }]]),
  // C: started on the 12th, $8 reported, failed
  ...job("C", t("16:00", 12), t("16:25", 12), "fail", [[t("16:20", 12), { ...REPORTED, cost_usd: 8 }]]),
];

describe("spend in range agrees across pages", () => {
  let handle: DbHandle;
  let project: { id: string; slug: string };
  beforeAll(async () => {
    handle = await openTestDb();
    project = await createTestProject(handle);
    const r = await ingestBatch({ db: handle.db, projectId: project.id, apiKeyId: null, rawEvents: EVENTS });
    expect(r, JSON.stringify(r)).toMatchObject({ accepted: EVENTS.length });
  });
  afterAll(async () => {
    await handle.close();
  });

  it("gives Overview, Costs and their tables the same spend, to the cent", async () => {
    const overview = await getOverview({ db: handle.db, projectId: project.id, range: RANGE, now: NOW });
    const costs = await costsReport({
      db: handle.db,
      projects: [project],
      range: RANGE,
      groupBy: "model",
      now: NOW,
    });
    const byAgent = await costsReport({
      db: handle.db,
      projects: [project],
      range: RANGE,
      groupBy: "agent",
      now: NOW,
    });
    // The range reads the UTC hours it touches, from 10:00 on the 10th: A $1 (reported) + $0.45 (priced), B $4, C $8 = $13.45.
    // (Overview used to start at 10:30 and leave A's $1.45 out: $12.00 against the Costs page's $13.45.)
    expect(cents(costs.totals.cost_usd)).toBe(1345);
    expect(cents(overview.headline.spend_usd.current)).toBe(1345);
    // Costs' "By model" table: claude-sonnet-4-5 $1.45 (A) + m-reported $12 (B, C)
    expect(costs.groups.map((g) => [g.key, cents(g.cost_usd)])).toEqual([
      ["m-reported", 1200],
      ["claude-sonnet-4-5", 145],
    ]);
    expect(cents(costs.groups.reduce((n, g) => n + g.cost_usd, 0))).toBe(1345);
    expect(cents(byAgent.groups.reduce((n, g) => n + g.cost_usd, 0))).toBe(1345);
    // Overview's spend chart, every bucket and model: the same $13.45
    expect(cents(overview.series.spend.reduce((n, r) => n + r.cost_usd, 0))).toBe(1345);
    // The agent page's spend chart (daily buckets): the same $13.45, not D's $16 of the 10th before 10:00
    // (it used to count the whole first day: $29.45).
    const rows = await agentSpendOverTime({
      db: handle.db,
      projectId: project.id,
      name: "ada",
      from: RANGE.from,
      to: RANGE.to,
      bucket: RANGE.bucket,
    });
    expect(cents(spendTotal(spendSeries(rows, RANGE)))).toBe(1345);
  });

  it("compares with the hours just before the range, none counted twice", async () => {
    const overview = await getOverview({ db: handle.db, projectId: project.id, range: RANGE, now: NOW });
    // previous: 10:00 on the 7th up to 10:00 on the 10th: D's $16 only (the 10:00 hour belongs to the range)
    expect(overview.headline.spend_usd.previous).toBeCloseTo(16, 8);
  });

  it("splits spend into reported and priced, and says what the table would price the reported usage at", async () => {
    const costs = await costsReport({
      db: handle.db,
      projects: [project],
      range: RANGE,
      groupBy: "model",
      now: NOW,
    });
    // reported: A $1 + B $4 + C $8 = $13; computed (the table's price of every priced usage): A $0.45 + $0.45
    expect(costs.totals.reported_cost_usd).toBeCloseTo(13, 8);
    expect(costs.totals.computed_cost_usd).toBeCloseTo(0.9, 8);
    // what the Costs page shows: reported $13 + computed from prices $0.45 (A's 10:40 usage) = the $13.45 spend
    const b = spendBreakdown(costs.totals);
    expect(b.reported).toBeCloseTo(13, 8);
    expect(b.priced).toBeCloseTo(0.45, 8);
    expect(b.unpricedEvents).toBe(0);
    expect(cents(b.reported + b.priced)).toBe(cents(costs.totals.cost_usd));
  });

  it("labels the whole-job figures: jobs started in the range, with all their usage", async () => {
    const jobs = await costJobsReport({ db: handle.db, projectId: project.id, range: RANGE });
    const overview = await getOverview({ db: handle.db, projectId: project.id, range: RANGE, now: NOW });
    // Jobs started in the range: B ($4, ok) and C ($8, failed) = $12; A started at 10:10, before the range, so
    // its $1.45 is in spend in range but not here: 13.45 - 12 = the usage of the job straddling the range's start.
    expect(jobs.totals.cost_usd).toBeCloseTo(12, 8);
    // Overview's cost per success is the all-in one of the outcome tables: $12 / 1 succeeded job (B)
    expect(overview.headline.cost_per_success_usd.current).toBeCloseTo(12, 8);
    expect(jobs.totals.all_in_cost_per_success_usd).toBeCloseTo(12, 8);
  });
});
