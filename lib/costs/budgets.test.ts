// The budget badge: ok / at risk / over from the spend so far and a linear forecast to the period's end.
import { describe, expect, it } from "vitest";
import { forecast, forecastStatus } from "./budgets";

const H = 3_600_000;
// December 2026 in UTC: 31 days = 744 hours.
const DEC = new Date("2026-12-01T00:00:00Z");
const JAN = new Date("2027-01-01T00:00:00Z");
const DAY_START = new Date("2026-12-10T00:00:00Z");
const DAY_END = new Date("2026-12-11T00:00:00Z");

describe("forecast", () => {
  it("projects the spend so far linearly to the period's end", () => {
    // 9 days gone (216 h of 744): $100 x 744 / 216 = $344.44
    expect(forecast(100, DEC, JAN, new Date("2026-12-10T00:00:00Z"))).toBeCloseTo(344.444444, 5);
    // a day at 06:00: $2 x 24 / 6 = $8
    expect(forecast(2, DAY_START, DAY_END, new Date(DAY_START.getTime() + 6 * H))).toBeCloseTo(8, 10);
  });
  it("counts at least one hour, and never more than the period", () => {
    // ten minutes in: as if an hour had gone, $1 x 24 / 1 = $24 (not x 144)
    expect(forecast(1, DAY_START, DAY_END, new Date(DAY_START.getTime() + 10 * 60_000))).toBeCloseTo(24, 10);
    // after the period: the spend itself
    expect(forecast(7, DAY_START, DAY_END, new Date(DAY_END.getTime() + 5 * H))).toBeCloseTo(7, 10);
  });
});

describe("forecastStatus", () => {
  const status = (spentUsd: number, forecastUsd: number, amountUsd = 300, warnPercent = 80) =>
    forecastStatus({ spentUsd, forecastUsd, amountUsd, warnPercent });

  it("is at risk when the forecast reaches the amount, though the spend is under the warning level", () => {
    // $100 of $300 on Dec 10 (33%, under 80%): forecast $344.44 > $300. The old badge said "ok".
    expect(status(100, 344.44)).toBe("at_risk");
    // exactly reaching the amount counts: $2.50 at 06:00 of a $10 day forecasts $10
    expect(status(2.5, forecast(2.5, DAY_START, DAY_END, new Date(DAY_START.getTime() + 6 * H)), 10)).toBe(
      "at_risk",
    );
  });
  it("is ok when the forecast stays under and the spend under the warning level", () => {
    // $50 of $300 on Dec 10: forecast $50 x 744 / 216 = $172.22
    expect(status(50, 172.22)).toBe("ok");
    // $2 at 06:00 of a $10 day: forecast $8
    expect(status(2, 8, 10)).toBe("ok");
  });
  it("is at risk past the warning level even when the forecast stays under", () => {
    // $8.50 of $10 at 23:00: forecast $8.50 x 24 / 23 = $8.87 < $10, but 85% >= 80%
    expect(status(8.5, (8.5 * 24) / 23, 10)).toBe("at_risk");
    // just under the level: 79.9% with a forecast under the amount
    expect(status(7.99, 8.3, 10)).toBe("ok");
  });
  it("is over once the spend reaches the amount", () => {
    expect(status(300, 300)).toBe("over");
    expect(status(450, 900)).toBe("over");
  });
});
