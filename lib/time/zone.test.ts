import { describe, expect, it } from "vitest";
import { dayBounds, localDate, monthBounds, zonedTime } from "./zone";

describe("time zones", () => {
  it("finds local day and month bounds, DST included", () => {
    // 2026-11-01 is the day US daylight saving time ends: 25 hours long in Los Angeles.
    const d = dayBounds(new Date("2026-11-01T12:00:00Z"), "America/Los_Angeles");
    expect(d.start.toISOString()).toBe("2026-11-01T07:00:00.000Z");
    expect(d.end.toISOString()).toBe("2026-11-02T08:00:00.000Z");
    const m = monthBounds(new Date("2026-11-22T14:00:00Z"), "Asia/Kolkata");
    expect(m.start.toISOString()).toBe("2026-10-31T18:30:00.000Z");
    expect(m.end.toISOString()).toBe("2026-11-30T18:30:00.000Z");
    expect(monthBounds(new Date("2026-12-31T23:00:00Z"), "UTC").end.toISOString()).toBe(
      "2027-01-01T00:00:00.000Z",
    );
  });

  it("maps instants to local dates", () => {
    expect(localDate(new Date("2026-11-22T07:30:00Z"), "America/Los_Angeles")).toBe("2026-11-21");
    expect(localDate(new Date("2026-11-22T07:30:00Z"), "Europe/Berlin")).toBe("2026-11-22");
    expect(zonedTime(2026, 3, 29, "Europe/Berlin", 9).toISOString()).toBe("2026-03-29T07:00:00.000Z");
  });
});
