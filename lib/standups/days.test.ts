import { describe, expect, it } from "vitest";
import { addDays, dayBounds, formatDay, isDay, isTimeZone, localDay, localTime, yesterday } from "./days";

describe("days in a project's time zone", () => {
  it("bounds a local day in UTC instants, DST changes included", () => {
    expect(dayBounds("2025-01-14", "America/Los_Angeles")).toEqual({
      start: new Date("2025-01-14T08:00:00Z"),
      end: new Date("2025-01-15T08:00:00Z"),
    });
    // spring forward: a 23-hour day
    expect(dayBounds("2025-03-09", "America/Los_Angeles")).toEqual({
      start: new Date("2025-03-09T08:00:00Z"),
      end: new Date("2025-03-10T07:00:00Z"),
    });
    expect(dayBounds("2025-06-01", "Asia/Kolkata")).toEqual({
      start: new Date("2025-05-31T18:30:00Z"),
      end: new Date("2025-06-01T18:30:00Z"),
    });
    expect(dayBounds("2025-06-01", "UTC").start).toEqual(new Date("2025-06-01T00:00:00Z"));
  });

  it("puts 07:30 UTC on the previous local day west of Greenwich", () => {
    expect(localDay(new Date("2025-01-15T07:30:00Z"), "America/Los_Angeles")).toBe("2025-01-14");
    expect(localTime(new Date("2025-01-15T07:30:00Z"), "America/Los_Angeles")).toBe("23:30");
    expect(yesterday(new Date("2025-01-15T07:30:00Z"), "America/Los_Angeles")).toBe("2025-01-13");
    expect(yesterday(new Date("2025-01-15T07:30:00Z"), "Europe/Paris")).toBe("2025-01-14");
  });

  it("validates days and zones", () => {
    expect(isDay("2025-02-29")).toBe(false);
    expect(isDay("2024-02-29")).toBe(true);
    expect(isDay("2025-1-5")).toBe(false);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
  });

  it("writes a day out in full, as toLocaleDateString did", () => {
    expect(formatDay("2025-01-14")).toBe("Tuesday, January 14, 2025");
    expect(formatDay("2024-02-29")).toBe("Thursday, February 29, 2024");
    expect(formatDay("not a day")).toBe(new Date("not a dayT12:00:00Z").toLocaleDateString("en-US"));
  });
});
