// The Models figures' duration percentiles are computed in JS (percentileCont, lib/models/stats.ts) from the
// durations PostgreSQL hands back unsorted: they must equal percentile_cont's to the bit, whatever the values.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/bulk";
import type { DbHandle } from "@/db/client";
import { percentileCont } from "@/lib/models/stats";
import { openTestDb } from "../helpers/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

describe("percentileCont", () => {
  it("equals PostgreSQL's percentile_cont on the same bigint durations, for sizes 1 to 400 with ties", async () => {
    // groups g of g values each: ms durations up to ~3 days, some repeated (ties), some odd sizes, one of 1
    const rows = rowsOf<{ g: number; ds: number[]; p50: number; p90: number; p25: number }>(
      await handle.db.execute(sql`
        with v as (
          select g, (case when i % 7 = 0 then 60000 else floor(abs(sin(g * 1000 + i)) * 259200000) end)::bigint as d
          from generate_series(1, 400, 13) g, generate_series(1, g) i)
        select g, array_agg(d::float8) as ds,
          (percentile_cont(0.5) within group (order by d))::float8 as p50,
          (percentile_cont(0.9) within group (order by d))::float8 as p90,
          (percentile_cont(0.25) within group (order by d))::float8 as p25
        from v group by g order by g`),
    );
    expect(rows.length).toBe(31);
    let fractional = 0;
    for (const r of rows) {
      const sorted = Float64Array.from(r.ds).sort();
      expect([
        percentileCont(sorted, 0.5),
        percentileCont(sorted, 0.9),
        percentileCont(sorted, 0.25),
      ]).toEqual([r.p50, r.p90, r.p25]);
      if (!Number.isInteger(r.p90)) fractional++;
    }
    // most groups interpolate between two values (the lerp path), not just pick one
    expect(fractional).toBeGreaterThan(10);
  });

  it("is null for no values and the value itself for one", () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([42], 0.9)).toBe(42);
    // h = 0.9 * 3 = 2.7 -> 30 + 0.7 * (40 - 30) = 37
    expect(percentileCont([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 12);
    // h = 0.5 * 3 = 1.5 -> 20 + 0.5 * 10 = 25
    expect(percentileCont([10, 20, 30, 40], 0.5)).toBe(25);
  });
});
