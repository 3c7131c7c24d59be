// The cost engine: usage priced on write (cache tokens apart, reported kept, unpriced flagged),
// rollups per hour x agent x model x harness that survive any arrival order, re-pricing history, the check,
// and budgets. Every expected figure is worked out by hand in the comment beside it.

import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { alertEvent, job, usageHourly } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { checkBudgets, createBudget, listBudgetStatuses } from "@/lib/costs/budgets";
import { checkRollups } from "@/lib/costs/check";
import { savePrice } from "@/lib/costs/prices";
import { repriceHistory } from "@/lib/costs/reprice";
import { importFile } from "@/lib/importers";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "../helpers/db";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";

const T = (h: number, m = 0) => new Date(Date.UTC(2026, 10, 2, h, m)).toISOString();
const usd = (v: string | null | undefined) => (v == null ? null : Number(v));

describe("cost engine", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  async function ingest(projectId: string, events: unknown[]) {
    const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: events });
    expect(r.rejected).toBe(0);
  }
  async function jobOf(projectId: string, externalId: string) {
    const [row] = await handle.db
      .select()
      .from(job)
      .where(and(eq(job.projectId, projectId), eq(job.externalId, externalId)));
    if (!row) throw new Error(`no job ${externalId}`);
    return row;
  }
  async function hourly(projectId: string) {
    const rows = await handle.db.select().from(usageHourly).where(eq(usageHourly.projectId, projectId));
    return rows
      .map((r) => ({
        hour: r.hour.toISOString(),
        agent: r.agentName,
        model: r.model,
        harness: r.harness,
        input: r.inputTokens,
        output: r.outputTokens,
        cacheRead: r.cacheReadTokens,
        cacheWrite: r.cacheWriteTokens,
        cost: Number(r.costUsd),
        events: r.usageEvents,
        unpriced: r.unpricedEvents,
      }))
      .filter((r) => r.events !== 0)
      .sort((a, b) => (a.hour + a.model < b.hour + b.model ? -1 : 1));
  }
  const start = (j: string, agent = "scout", harness = "claude-code", time = T(9)) => ({
    id: `${j}-start`,
    type: "job.started",
    time,
    job: j,
    agent,
    data: { harness, model: "claude-sonnet-4-5" },
  });
  const usage = (j: string, id: string, time: string, data: Record<string, unknown>) => ({
    id: `${j}-${id}`,
    type: "job.usage",
    time,
    job: j,
    data,
  });

  it("prices protocol usage with cache tokens apart, keeps reported costs and rolls up per hour", async () => {
    const p = await createTestProject(handle);
    await ingest(p.id, [
      start("j1"),
      // Sonnet 4.5 (3 / 15 / read 0.30 / 5m write 3.75 / 1h write 6):
      // 1000*3 + 500*15 + 20000*0.3 + 2000*3.75 + 1000*6 = 3000+7500+6000+7500+6000 = 30000 -> $0.030
      usage("j1", "u1", T(9, 10), {
        model: "claude-sonnet-4-5-20250929",
        input_tokens: 1000,
        output_tokens: 500,
        cache_read_tokens: 20_000,
        cache_write_tokens: 3000,
        cache_write_1h_tokens: 1000,
      }),
      // reported $0.05 is kept as the cost; computed: 200*3 + 100*15 = 2100 -> $0.0021
      usage("j1", "u2", T(10, 5), {
        model: "claude-sonnet-4-5",
        input_tokens: 200,
        output_tokens: 100,
        cost_usd: 0.05,
      }),
      { id: "j1-done", type: "job.completed", time: T(10, 30), job: "j1", data: {} },
    ]);
    const j = await jobOf(p.id, "j1");
    expect(usd(j.reportedCostUsd)).toBeCloseTo(0.05, 8);
    expect(usd(j.computedCostUsd)).toBeCloseTo(0.0321, 8); // 0.030 + 0.0021
    expect(usd(j.costUsd)).toBeCloseTo(0.08, 8); // 0.030 computed + 0.05 reported
    expect(j.unpricedUsageEvents).toBe(0);
    expect(await hourly(p.id)).toEqual([
      {
        hour: T(9),
        agent: "scout",
        model: "claude-sonnet-4-5-20250929",
        harness: "claude-code",
        input: 1000,
        output: 500,
        cacheRead: 20_000,
        cacheWrite: 3000,
        cost: 0.03,
        events: 1,
        unpriced: 0,
      },
      {
        hour: T(10),
        agent: "scout",
        model: "claude-sonnet-4-5",
        harness: "claude-code",
        input: 200,
        output: 100,
        cacheRead: 0,
        cacheWrite: 0,
        cost: 0.05,
        events: 1,
        unpriced: 0,
      },
    ]);
    expect((await checkRollups({ db: handle.db, projectId: p.id })).problems).toEqual([]);
  });

  it("flags usage of a model with no price instead of counting it as free", async () => {
    const p = await createTestProject(handle);
    await ingest(p.id, [
      start("j2"),
      usage("j2", "u1", T(9, 1), { model: "acme-coder-9", input_tokens: 5000, output_tokens: 100 }),
    ]);
    const j = await jobOf(p.id, "j2");
    expect(j.costUsd).toBeNull();
    expect(j.computedCostUsd).toBeNull();
    expect(j.unpricedUsageEvents).toBe(1);
    expect(await hourly(p.id)).toMatchObject([{ model: "acme-coder-9", cost: 0, events: 1, unpriced: 1 }]);
  });

  it("ends with the same rollups whatever the order: usage before its job.started is moved under the harness", async () => {
    const p = await createTestProject(handle);
    const events = [
      start("j3", "builder", "codex", T(9)),
      // gpt-5 (1.25 / cached 0.125 / 10): 2000*1.25 + 8000*0.125 + 300*10 = 2500+1000+3000 = 6500 -> $0.0065
      usage("j3", "u1", T(9, 2), {
        model: "gpt-5",
        input_tokens: 2000,
        output_tokens: 300,
        cache_read_tokens: 8000,
      }),
    ];
    // usage first, start later, in separate batches
    await ingest(p.id, [events[1]]);
    expect(await hourly(p.id)).toMatchObject([{ agent: "", harness: "", cost: 0.0065 }]);
    await ingest(p.id, [events[0]]);
    expect(await hourly(p.id)).toEqual([
      {
        hour: T(9),
        agent: "builder",
        model: "gpt-5",
        harness: "codex",
        input: 2000,
        output: 300,
        cacheRead: 8000,
        cacheWrite: 0,
        cost: 0.0065,
        events: 1,
        unpriced: 0,
      },
    ]);
    expect(usd((await jobOf(p.id, "j3")).costUsd)).toBeCloseTo(0.0065, 8);
    expect((await checkRollups({ db: handle.db, projectId: p.id })).problems).toEqual([]);
  });

  it("prices an imported Claude Code session (fixture) from its cache-heavy usage", async () => {
    const p = await createTestProject(handle);
    const file = "viewer-session-1af7fc5e.jsonl";
    const text = fs.readFileSync(path.join(FIXTURES_DIR, "claude-code", file), "utf8");
    const imported = importFile(text, { fileName: file, agent: "importer" });
    await ingest(p.id, imported.events);
    // The file's 7 API responses (claude-sonnet-4-20250514) read off it: input 93, output 953, cache read 103219,
    // cache write 12698 (5-minute), no request near 200k. Sonnet 4 (3 / 15 / 0.30 / 3.75):
    // 93*3 + 953*15 + 103219*0.3 + 12698*3.75 = 279 + 14295 + 30965.7 + 47617.5 = 93157.2 -> $0.0931572
    const [j] = await handle.db.select().from(job).where(eq(job.projectId, p.id));
    expect(usd(j?.computedCostUsd ?? null)).toBeCloseTo(0.0931572, 7);
    expect(usd(j?.costUsd ?? null)).toBeCloseTo(0.0931572, 7);
    expect(j?.reportedCostUsd).toBeNull();
    // Billed as plain input it would have been (93+103219+12698)*3 + 953*15 = 345030 + 14295 -> $0.359325
    expect((await checkRollups({ db: handle.db, projectId: p.id })).problems).toEqual([]);
  });

  it("prices an imported Codex rollout (fixture) with cached input apart", async () => {
    const p = await createTestProject(handle);
    const file = "rollout-small-current.jsonl";
    const text = fs.readFileSync(path.join(FIXTURES_DIR, "codex", file), "utf8");
    await ingest(p.id, importFile(text, { fileName: file }).events);
    const [j] = await handle.db.select().from(job).where(eq(job.projectId, p.id));
    // One token_count on 2026-08-03 for gpt-5.6-luna: 16341 input of which 3584 cached, 81 output. The price
    // from 2026-07-30 (0.2 input / 0.02 cached / 1.2 output): 12757*0.2 + 3584*0.02 + 81*1.2
    // = 2551.4 + 71.68 + 97.2 = 2720.28 -> $0.00272028
    expect(j).toMatchObject({ inputTokens: 12_757, cacheReadTokens: 3584, outputTokens: 81 });
    expect(usd(j?.costUsd ?? null)).toBeCloseTo(0.00272028, 8);
  });

  it("flags an imported Codex rollout whose model the file never names", async () => {
    const p = await createTestProject(handle);
    const file = "codex_053_rate_limit.jsonl";
    const text = fs.readFileSync(path.join(FIXTURES_DIR, "codex", file), "utf8");
    await ingest(p.id, importFile(text, { fileName: file }).events);
    const [j] = await handle.db.select().from(job).where(eq(job.projectId, p.id));
    // one token_count: input 1211 (cached 10880 taken out), output 182; model "unknown": no price
    expect(j).toMatchObject({ inputTokens: 1211, cacheReadTokens: 10_880, outputTokens: 182, costUsd: null });
    expect(j?.unpricedUsageEvents).toBe(1);
  });

  it("re-prices history from a price's effective date, and the check agrees", async () => {
    const p = await createTestProject(handle);
    const model = `test-model-${p.slug}`;
    await savePrice({
      db: handle.db,
      input: {
        provider: "test",
        model,
        pattern: `^${model}$`,
        input: 1,
        output: 2,
        effectiveFrom: "2026-01-01",
        source: "test",
      },
    });
    await ingest(p.id, [
      start("j4"),
      // 1000*1 + 1000*2 = 3000 -> $0.003 at the first price
      usage("j4", "u1", T(9, 5), { model, input_tokens: 1000, output_tokens: 1000 }),
      usage("j4", "u2", new Date(Date.UTC(2026, 10, 20, 9)).toISOString(), {
        model,
        input_tokens: 1000,
        output_tokens: 1000,
      }),
    ]);
    expect(usd((await jobOf(p.id, "j4")).costUsd)).toBeCloseTo(0.006, 8);
    // A new price from Nov 10: input 10, output 20 -> the Nov 20 usage costs 1000*10 + 1000*20 = 30000 -> $0.03
    await savePrice({
      db: handle.db,
      input: {
        provider: "test",
        model,
        pattern: `^${model}$`,
        input: 10,
        output: 20,
        effectiveFrom: "2026-11-10",
        source: "test",
      },
    });
    const stale = await checkRollups({ db: handle.db, projectId: p.id });
    expect(stale.stalePrices).toBe(true);
    const r = await repriceHistory({
      actor: systemActor("test"),
      db: handle.db,
      from: new Date("2026-11-10T00:00:00Z"),
      projectId: p.id,
    });
    expect(r).toEqual({ usageEvents: 1, jobs: 1 });
    const j = await jobOf(p.id, "j4");
    expect(usd(j.costUsd)).toBeCloseTo(0.033, 8); // 0.003 (Nov 2, old price) + 0.03
    expect(usd(j.computedCostUsd)).toBeCloseTo(0.033, 8);
    expect((await checkRollups({ db: handle.db, projectId: p.id })).problems).toEqual([]);
  });

  it("measures burn against budgets and records each crossing once", async () => {
    const p = await createTestProject(handle);
    const now = new Date();
    const earlier = new Date(
      Math.max(now.getTime() - 60_000, Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
    );
    await ingest(p.id, [
      start("j5", "scout", "claude-code", earlier.toISOString()),
      usage("j5", "u1", earlier.toISOString(), {
        model: "claude-haiku-4-5",
        input_tokens: 10,
        output_tokens: 10,
        cost_usd: 9,
      }),
    ]);
    const daily = await createBudget({
      db: handle.db,
      projectId: p.id,
      input: { scope: "project", period: "daily", amountUsd: 10, warnPercent: 80 },
    });
    await createBudget({
      db: handle.db,
      projectId: p.id,
      input: { scope: "agent", target: "someone-else", period: "monthly", amountUsd: 5 },
    });
    const statuses = await listBudgetStatuses({ db: handle.db, projectId: p.id, now });
    expect(statuses.map((s) => [s.name, s.spentUsd, Math.round(s.percent), s.state])).toEqual([
      ["Project, daily", 9, 90, "warning"],
      ["Agent someone-else, monthly", 0, 0, "ok"],
    ]);
    const first = await checkBudgets({ db: handle.db, projectId: p.id, now });
    expect(first.map((e) => e.kind)).toEqual(["budget.warning"]);
    expect(await checkBudgets({ db: handle.db, projectId: p.id, now })).toEqual([]);
    // $2 more: 11 of 10 -> exceeded, recorded once
    await ingest(p.id, [
      usage("j5", "u2", earlier.toISOString(), {
        model: "claude-haiku-4-5",
        input_tokens: 1,
        output_tokens: 1,
        cost_usd: 2,
      }),
    ]);
    expect((await checkBudgets({ db: handle.db, projectId: p.id, now })).map((e) => e.kind)).toEqual([
      "budget.exceeded",
    ]);
    const events = await handle.db.select().from(alertEvent).where(eq(alertEvent.projectId, p.id));
    expect(events.map((e) => [e.kind, (e.data as { budgetId: string }).budgetId])).toEqual([
      ["budget.warning", daily.id],
      ["budget.exceeded", daily.id],
    ]);
  });
});
