// Pricing by hand: every figure below is worked out from the per-million prices in the comment beside it.
import { describe, expect, it } from "vitest";
import { withinMs } from "@/tests/helpers/watchdog";
import { bundledPrices, priceInputSchema } from "./prices";
import {
  compilePattern,
  costOfUsage,
  defaultPattern,
  type PriceRow,
  priceTable,
  priceUsage,
} from "./pricing";

const table = priceTable(bundledPrices());
const at = new Date("2026-11-01T12:00:00Z");
const tokens = (input: number, output: number, cacheRead = 0, cacheWrite = 0, cacheWrite1h = 0) => ({
  input,
  output,
  cacheRead,
  cacheWrite,
  cacheWrite1h,
});

describe("model names", () => {
  it.each([
    ["claude-sonnet-4-5", "claude-sonnet-4-5"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
    ["anthropic/claude-sonnet-4-5", "claude-sonnet-4-5"],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"],
    ["claude-sonnet-4-5@20250929", "claude-sonnet-4-5"],
    ["CLAUDE-SONNET-4-5", "claude-sonnet-4-5"],
    ["claude-sonnet-4-5[1m]", "claude-sonnet-4-5"],
    ["claude-sonnet-4-20250514", "claude-sonnet-4"],
    ["gpt-5-2025-08-07", "gpt-5"],
    ["openai/gpt-5", "gpt-5"],
    ["gpt-5-mini", "gpt-5-mini"],
    ["gemini-2.5-pro", "gemini-2.5-pro"],
  ])("%s is priced as %s", (name, model) => {
    expect(table.resolve(name, at)?.model).toBe(model);
  });

  it("builds the same pattern for a new model as the bundled rows use", () => {
    const sonnet = bundledPrices().find((r) => r.model === "claude-sonnet-4-5");
    expect(defaultPattern("claude-sonnet-4-5")).toBe(sonnet?.pattern);
    expect(compilePattern(defaultPattern("acme.coder-9"))?.test("acme/acme.coder-9-20260101")).toBe(true);
    expect(compilePattern(defaultPattern("acme.coder-9"))?.test("acme-coder-9")).toBe(false);
  });

  it("does not guess: unknown names and look-alikes have no price", () => {
    expect(table.resolve("acme-coder-9", at)).toBeNull();
    expect(table.resolve("unknown", at)).toBeNull();
    expect(table.resolve("claude-sonnet-4-5-turbo", at)).toBeNull();
  });

  it("every bundled model resolves to itself (no pattern steals another model's name)", () => {
    for (const r of bundledPrices())
      expect(table.resolve(r.model, new Date("2030-01-01"))?.model).toBe(r.model);
  });

  it("applies the newest row effective on the usage's day, and none before the first", () => {
    const base: PriceRow = { ...(table.resolve("claude-haiku-4-5", at) as PriceRow) };
    const t = priceTable([
      { ...base, effectiveFrom: "2026-01-01", input: 1 },
      { ...base, effectiveFrom: "2026-06-01", input: 2 },
    ]);
    expect(t.resolve("claude-haiku-4-5", new Date("2026-05-31T23:59:59Z"))?.input).toBe(1);
    expect(t.resolve("claude-haiku-4-5", new Date("2026-06-01T00:00:00Z"))?.input).toBe(2);
    expect(t.resolve("claude-haiku-4-5", new Date("2025-12-31T23:00:00Z"))).toBeNull();
  });
});

describe("admin-written patterns", () => {
  const base = table.resolve("claude-haiku-4-5", at) as PriceRow;

  it("run in linear time: ^(a+)+$ against 40 a's and '!' answers at once", async () => {
    const t = priceTable([{ ...base, model: "all-a", pattern: "^(a+)+$" }]);
    await withinMs(10_000, "pricing with the pattern ^(a+)+$", () => {
      expect(t.resolve(`${"a".repeat(40)}!`, at)).toBeNull(); // the "!" is not an a
      expect(t.resolve("AAAA", at)?.model).toBe("all-a"); // case-insensitive
    });
  });

  it("are refused when RE2 cannot run them, saying why", () => {
    const row = { ...base, id: undefined, pattern: "claude(?!-opus)" };
    const parsed = priceInputSchema.safeParse(row);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["pattern", 'pattern uses a lookahead "(?!", which is not supported (RE2 syntax)'],
    ]);
    expect(priceInputSchema.safeParse({ ...row, pattern: "^claude-(?:opus|sonnet)-4" }).success).toBe(true);
  });
});

describe("cost of one usage", () => {
  const sonnet = table.resolve("claude-sonnet-4-5", at) as PriceRow;

  it("prices input, output, cache reads and 5-minute and 1-hour cache writes separately", () => {
    // Sonnet 4.5: input 3, output 15, cache read 0.30, 5m write 3.75, 1h write 6 (USD per million).
    // 1000*3 + 500*15 + 20000*0.3 + (3000-1000)*3.75 + 1000*6 = 3000+7500+6000+7500+6000 = 30000 -> $0.03
    expect(costOfUsage(sonnet, tokens(1000, 500, 20_000, 3000, 1000))).toBeCloseTo(0.03, 10);
    // The same tokens billed as if all input (the usual mistake): 24000*3 + 500*15 = 79500 -> $0.0795
    expect(costOfUsage(sonnet, tokens(24_000, 500))).toBeCloseTo(0.0795, 10);
  });

  it("bills the whole request at the long-context tier past the threshold", () => {
    // prompt 150000 + 60000 = 210000 > 200000: input 6, output 22.5, cache read 0.60.
    // 150000*6 + 1000*22.5 + 60000*0.6 = 900000+22500+36000 = 958500 -> $0.9585
    expect(costOfUsage(sonnet, tokens(150_000, 1000, 60_000))).toBeCloseTo(0.9585, 10);
    // exactly at the threshold stays on the base tier: 140000*3 + 1000*15 + 60000*0.3 = 420000+15000+18000
    expect(costOfUsage(sonnet, tokens(140_000, 1000, 60_000))).toBeCloseTo(0.453, 10);
    // Gemini 2.5 Pro past 200k: input 2.5, output 15, cache read 0.25: 190000*2.5 + 2000*15 + 20000*0.25
    const gemini = table.resolve("gemini-2.5-pro", at) as PriceRow;
    expect(costOfUsage(gemini, tokens(190_000, 2000, 20_000))).toBeCloseTo(
      (475_000 + 30_000 + 5000) / 1e6,
      10,
    );
  });

  it("prices cached input of a provider without cache writes (OpenAI)", () => {
    // gpt-5: input 1.25, cached 0.125, output 10: 2000*1.25 + 8000*0.125 + 300*10 = 2500+1000+3000 = 6500
    const gpt = table.resolve("gpt-5", at) as PriceRow;
    expect(costOfUsage(gpt, tokens(2000, 300, 8000))).toBeCloseTo(0.0065, 10);
  });

  it("keeps a reported cost, computes one otherwise, and flags usage it cannot price", () => {
    const data = { model: "claude-haiku-4-5", input_tokens: 1000, output_tokens: 100, cost_usd: 0.5 };
    // Haiku 4.5: 1000*1 + 100*5 = 1500 -> $0.0015 computed; the runner said $0.50
    expect(priceUsage(table, data, at)).toMatchObject({ reported: 0.5, cost: 0.5, unpriced: false });
    expect(priceUsage(table, data, at).computed).toBeCloseTo(0.0015, 10);
    const { cost_usd: _, ...noCost } = data;
    expect(priceUsage(table, noCost, at)).toMatchObject({ reported: null, unpriced: false });
    expect(priceUsage(table, noCost, at).cost).toBeCloseTo(0.0015, 10);
    expect(priceUsage(table, { ...noCost, model: "acme-coder-9" }, at)).toMatchObject({
      reported: null,
      computed: null,
      cost: 0,
      unpriced: true,
    });
  });
});
