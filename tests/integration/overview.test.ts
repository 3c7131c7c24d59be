// The Overview's figures on the hand-written fleet (models-fleet.ts): headline against the
// previous range, time series, and what needs attention. Expected values are worked out by hand.

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { failureIssue } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { createBudget } from "@/lib/costs/budgets";
import { applyTriage } from "@/lib/failures/triage";
import { ingestBatch } from "@/lib/ingest/ingest";
import { getOverview } from "@/lib/overview/queries";
import { type Overview, overviewSchema } from "@/lib/overview/schemas";
import { resolveRange } from "@/lib/range/range";
import { createTestProject, openTestDb } from "../helpers/db";
import { NOW, seedFleet } from "./models-fleet";

const DAY = resolveRange({ range: "24h" }, NOW);

describe("overview", () => {
  let handle: DbHandle;
  let o: Overview;
  beforeAll(async () => {
    handle = await openTestDb();
    const projectId = (await createTestProject(handle)).id;
    await seedFleet(handle, projectId);
    // the max-turns issue is resolved at NOW, and fails again half an hour later (after the range): regressed
    const [maxTurns] = await handle.db
      .select({ id: failureIssue.id })
      .from(failureIssue)
      .where(and(eq(failureIssue.projectId, projectId), eq(failureIssue.failureClass, "max_turns")));
    await applyTriage({
      actor: systemActor("test"),
      db: handle.db,
      projectId,
      issueId: maxTurns?.id ?? "",
      userId: null,
      action: { action: "resolve" },
      now: NOW,
    });
    const later = (min: number) => new Date(NOW.getTime() + min * 60_000).toISOString();
    const again = await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: [
        {
          id: "late-s",
          type: "job.started",
          time: later(29),
          job: "late",
          agent: "ada",
          data: { harness: "h-one", model: "m-alpha" },
        },
        {
          id: "late-f",
          type: "job.failed",
          time: later(30),
          job: "late",
          data: { error: { type: "max_turns", message: "Reached the maximum number of turns (40)" } },
        },
      ],
    });
    expect(again.rejected).toBe(0);
    // today (UTC, 2026-03-10) the fleet spent 12 x $0.10 (cell 3) + 4 x $1 (cell 4) = $5.20
    await createBudget({
      db: handle.db,
      projectId,
      input: { name: "Fleet daily", scope: "project", period: "daily", amountUsd: 6 },
    });
    await createBudget({
      db: handle.db,
      projectId,
      input: { scope: "model", target: "m-gamma", period: "daily", amountUsd: 3 },
    });
    await createBudget({
      db: handle.db,
      projectId,
      input: { scope: "model", target: "m-beta", period: "daily", amountUsd: 100 },
    });
    await createBudget({
      db: handle.db,
      projectId,
      input: {
        name: "Fleet heading over",
        scope: "project",
        period: "daily",
        amountUsd: 9,
        warnPercent: 100,
      },
    });
    o = overviewSchema.parse(await getOverview({ db: handle.db, projectId, range: DAY, now: NOW }));
  });
  afterAll(async () => {
    await handle.close();
  });

  it("compares the headline figures with the previous 24 hours", () => {
    expect(o.range).toMatchObject({
      from: "2026-03-09T12:00:00.000Z",
      previous_from: "2026-03-08T12:00:00.000Z",
      bucket: "hour",
    });
    const h = o.headline;
    // 48 jobs in cells + the queued one; before: ada's 3 jobs
    expect(h.jobs).toEqual({ current: 49, previous: 3 });
    // ok 10+5+9+6+3 = 33, failed 2+5+1+4+1 = 13; before: 2 ok, 1 failed
    expect(h.success_rate.current).toBeCloseTo(33 / 46, 10);
    expect(h.success_rate.previous).toBeCloseTo(2 / 3, 10);
    // $6 + $2 + $4 + $1.20 + $4 = $17.20; before: 3 x $0.50
    expect(h.spend_usd.current).toBeCloseTo(17.2, 8);
    expect(h.spend_usd.previous).toBeCloseTo(1.5, 8);
    expect(h.cost_per_success_usd.current).toBeCloseTo(17.2 / 33, 8);
    expect(h.cost_per_success_usd.previous).toBeCloseTo(0.75, 8);
    expect(h.active_agents).toEqual({ current: 5, previous: 1 });
    expect(h.unpriced_events).toBe(0);
    // a rate-limit issue first seen in the range; a max-turns one first seen before (ada's third job), regressed
    expect(h.issues).toEqual({ open: 2, new: 1, regressed: 1, first_seen: { current: 1, previous: 1 } });
  });

  it("buckets jobs by start hour and outcome", () => {
    const at = (b: string) => o.series.jobs.find((r) => r.bucket === b);
    // cell 0 starts 14:10 .. 16:00 on 03-09: i 1..5 ok; 6..10 ok and 11 failed; 12 failed
    expect(at("2026-03-09T14:00:00Z")).toEqual({
      bucket: "2026-03-09T14:00:00Z",
      succeeded: 5,
      failed: 0,
      cancelled: 0,
      unfinished: 0,
    });
    expect(at("2026-03-09T15:00:00Z")).toMatchObject({ succeeded: 5, failed: 1 });
    expect(at("2026-03-09T16:00:00Z")).toMatchObject({ succeeded: 0, failed: 1 });
    // cell 3, 03:00 .. 03:50: i 6 ok, 7..10 failed, 11 cancelled; 04:00: i 12 still running
    expect(at("2026-03-10T03:00:00Z")).toMatchObject({ succeeded: 1, failed: 4, cancelled: 1 });
    expect(at("2026-03-10T04:00:00Z")).toMatchObject({ unfinished: 1 });
    // the queued job, 2 hours before NOW
    expect(at("2026-03-10T10:00:00Z")).toMatchObject({ unfinished: 1 });
    expect(o.series.jobs.reduce((n, r) => n + r.succeeded + r.failed + r.cancelled + r.unfinished, 0)).toBe(
      49,
    );
  });

  it("sums spend by model from the hourly rollup and failures by class", () => {
    const byModel = new Map<string, number>();
    for (const r of o.series.spend) byModel.set(r.model, (byModel.get(r.model) ?? 0) + r.cost_usd);
    // alpha: 12 x 0.5 + 10 x 0.4; beta: 10 x 0.2 + 12 x 0.1; gamma: 4 x 1
    expect(byModel.get("m-alpha")).toBeCloseTo(10, 8);
    expect(byModel.get("m-beta")).toBeCloseTo(3.2, 8);
    expect(byModel.get("m-gamma")).toBeCloseTo(4, 8);
    // cell 0's first 5 jobs start in the 14:00 hour: 5 x $0.50
    const first = o.series.spend.find((r) => r.bucket === "2026-03-09T14:00:00Z" && r.model === "m-alpha");
    expect(first?.cost_usd).toBeCloseTo(2.5, 8);
    const byClass = new Map<string, number>();
    for (const r of o.series.failures)
      byClass.set(r.failure_class, (byClass.get(r.failure_class) ?? 0) + r.count);
    // one rate limit per cell (5); max turns 1 + 4 + 0 + 3 + 0 in the range
    expect(Object.fromEntries(byClass)).toEqual({ rate_limit: 5, max_turns: 8 });
    // cell 0's failures end 16:01 (rate limit) and 16:12 (max turns)
    expect(o.series.failures.filter((r) => r.bucket === "2026-03-09T16:00:00Z")).toHaveLength(2);
  });

  it("lists what needs attention", () => {
    const a = o.attention;
    // no alert rule in this fleet, so nothing fires
    expect(a.incidents).toEqual({ total: 0, items: [] });
    // regressed issues come first: max turns (9 failures + the late one), then the new rate limit
    expect(a.issues.total).toBe(2);
    expect(a.issues.items.map((i) => [i.failure_class, i.state, i.events])).toEqual([
      ["max_turns", "regressed", 10],
      ["rate_limit", "new", 5],
    ]);
    // cell 3's last job has been running with no event since 04:00:30
    expect(a.stalled_jobs.total).toBe(1);
    expect(a.stalled_jobs.items[0]).toMatchObject({ external_id: "c3-12", agent: "dee" });
    // fay's heartbeat is 2 hours old (offline after 30 minutes); gus is 10 days silent: retired, not listed
    expect(a.offline_agents).toEqual({
      total: 1,
      items: [{ name: "fay", last_activity_at: "2026-03-10T10:00:00.000Z" }],
    });
    // NOW is noon: half the day gone, so each daily forecast is twice the spend so far.
    // m-gamma: $4 of $3 (133%): over; the fleet: $5.20 of $6 (86.7%, past the 80% warning): at risk;
    // the fleet against $9 (warning at 100%): $5.20 is 57.8%, but the forecast $10.40 >= $9: at risk;
    // m-beta's $1.20 of $100, forecast $2.40: ok, not listed.
    expect(
      a.budgets.map((b) => [b.name, b.state, b.status, Math.round(b.percent * 10) / 10, b.forecast_usd]),
    ).toEqual([
      ["Model m-gamma, daily", "exceeded", "over", 133.3, expect.closeTo(8, 8)],
      ["Fleet daily", "warning", "at_risk", 86.7, expect.closeTo(10.4, 8)],
      ["Fleet heading over", "ok", "at_risk", 57.8, expect.closeTo(10.4, 8)],
    ]);
  });
});
