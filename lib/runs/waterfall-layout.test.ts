import { describe, expect, it } from "vitest";
import {
  axisTicks,
  barLayout,
  capRows,
  computeRange,
  formatTick,
  rowEnd,
  tickStep,
} from "./waterfall-layout";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();

describe("computeRange", () => {
  it("runs from the earliest start to the latest end, an open row ending now", () => {
    // rows: [0 s, 4 s], [1 s, open], [2 s, 3 s]; now = T0 + 10 s -> the open row ends at 10 s
    const rows = [
      { start: at(0), end: at(4000) },
      { start: at(1000), end: null },
      { start: new Date(T0 + 2000), end: new Date(T0 + 3000) },
    ];
    expect(computeRange(rows, T0 + 10_000)).toEqual({ start: T0, end: T0 + 10_000 });
    // without the open row: 0..4 s
    expect(computeRange([rows[0], rows[2]] as typeof rows, T0 + 10_000)).toEqual({
      start: T0,
      end: T0 + 4000,
    });
  });

  it("uses the range given, and widens an empty one to 1 ms", () => {
    expect(computeRange([{ start: at(0), end: at(1) }], T0, { start: at(-500), end: at(500) })).toEqual({
      start: T0 - 500,
      end: T0 + 500,
    });
    // one instant call: start = end = T0 -> T0..T0+1
    expect(computeRange([{ start: at(0), end: at(0) }], T0 + 99)).toEqual({ start: T0, end: T0 + 1 });
    expect(computeRange([], T0)).toEqual({ start: T0, end: T0 + 1 });
  });

  it("never lets an open row end before it starts (a clock ahead of the browser's)", () => {
    expect(rowEnd({ start: at(5000), end: null }, T0)).toBe(T0 + 5000);
  });
});

describe("axis ticks", () => {
  it("picks the smallest round step giving at most 6 intervals", () => {
    // 1299 ms / 6 = 216 ms -> 250 ms (200 gives 6.5 intervals)
    expect(tickStep(1299)).toBe(250);
    // 45 s / 6 = 7.5 s -> 10 s
    expect(tickStep(45_000)).toBe(10_000);
    // 42 min / 6 = 7 min -> 10 min
    expect(tickStep(42 * 60_000)).toBe(10 * 60_000);
    // 5 h / 6 = 50 min -> 1 h
    expect(tickStep(5 * 3_600_000)).toBe(3_600_000);
    // 1 ms -> 1 ms
    expect(tickStep(1)).toBe(1);
    // 90 days / 6 = 15 days, past the 7 d step -> whole weeks: ceil(15/7) = 3 weeks
    expect(tickStep(90 * 86_400_000)).toBe(21 * 86_400_000);
  });

  it("labels ticks in the unit of their step", () => {
    expect(formatTick(0, 250)).toBe("0");
    expect(formatTick(750, 250)).toBe("750 ms");
    expect(formatTick(1250, 250)).toBe("1.25 s");
    expect(formatTick(30_000, 10_000)).toBe("30 s");
    expect(formatTick(90_000, 30_000)).toBe("1m 30s");
    expect(formatTick(120_000, 30_000)).toBe("2 min");
    expect(formatTick(20 * 60_000, 10 * 60_000)).toBe("20 min");
    expect(formatTick(90 * 60_000, 30 * 60_000)).toBe("1h 30m");
    expect(formatTick(60 * 60_000, 30 * 60_000)).toBe("1 h");
    expect(formatTick(6 * 3_600_000, 3_600_000)).toBe("6 h");
    expect(formatTick(30 * 3_600_000, 6 * 3_600_000)).toBe("1d 6h");
    expect(formatTick(2 * 86_400_000, 86_400_000)).toBe("2 d");
  });

  it("places ticks at whole steps from the start, none past the end", () => {
    // 1299 ms, step 250: 0, 250, 500, 750, 1000, 1250 (1500 > 1299); pct = ms / 1299 * 100
    const ticks = axisTicks({ start: T0, end: T0 + 1299 });
    expect(ticks.map((t) => t.label)).toEqual(["0", "250 ms", "500 ms", "750 ms", "1 s", "1.25 s"]);
    expect(ticks[5]?.pct).toBeCloseTo((1250 / 1299) * 100, 6);
    // exactly 1 min, step 10 s: 0 .. 60 s inclusive = 7 ticks, the last at 100 %
    const minute = axisTicks({ start: T0, end: T0 + 60_000 });
    expect(minute).toHaveLength(7);
    expect(minute.at(-1)).toEqual({ ms: 60_000, pct: 100, label: "1 min" });
  });
});

describe("barLayout", () => {
  const range = { start: T0, end: T0 + 10_000 };

  it("puts a bar at its share of the range", () => {
    // 2 s .. 4.5 s of 10 s: left 20 %, width 25 %, 2500 ms, ends at 45 % -> duration text on the right
    expect(barLayout({ start: at(2000), end: at(4500) }, range, T0)).toEqual({
      left: 20,
      width: 25,
      durationMs: 2500,
      open: false,
      labelSide: "right",
    });
  });

  it("draws an open row up to now, with its text on the left when it reaches the right edge", () => {
    // 6 s .. now (9 s): left 60 %, width 30 %, ends at 90 % > 75 % -> text on the left
    expect(barLayout({ start: at(6000), end: null }, range, T0 + 9000)).toEqual({
      left: 60,
      width: 30,
      durationMs: 3000,
      open: true,
      labelSide: "left",
    });
  });

  it("clamps a bar that starts before or ends after a given range", () => {
    // -5 s .. 15 s over 0..10 s: the whole track, but the duration is the bar's own 20 s
    // (no room on either side: the text goes inside)
    const bar = barLayout({ start: at(-5000), end: at(15_000) }, range, T0);
    expect(bar).toEqual({ left: 0, width: 100, durationMs: 20_000, open: false, labelSide: "inside" });
  });
});

describe("capRows", () => {
  const rows = Array.from({ length: 2000 }, (_, i) => i);
  it("shows the first rows and counts the rest until asked for all", () => {
    const capped = capRows(rows, 50, false);
    expect(capped.shown).toHaveLength(50);
    expect(capped.hidden).toBe(1950);
    expect(capRows(rows, 50, true)).toEqual({ shown: rows, hidden: 0 });
    expect(capRows([1, 2], 50, false)).toEqual({ shown: [1, 2], hidden: 0 });
  });
});
