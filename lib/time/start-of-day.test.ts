import { describe, expect, it } from "vitest";
import { isValidTimeZone, startOfDay, supportedTimeZones } from "./zone";

describe("startOfDay", () => {
  it("is local midnight in the zone", () => {
    const now = new Date("2026-03-10T12:00:00Z");
    expect(startOfDay(now, "UTC").toISOString()).toBe("2026-03-10T00:00:00.000Z");
    expect(startOfDay(now, "Europe/Paris").toISOString()).toBe("2026-03-09T23:00:00.000Z"); // UTC+1
    expect(startOfDay(now, "America/New_York").toISOString()).toBe("2026-03-10T04:00:00.000Z"); // EDT, UTC-4
    expect(startOfDay(now, "Asia/Kolkata").toISOString()).toBe("2026-03-09T18:30:00.000Z"); // UTC+5:30
  });

  it("follows the local date, not the UTC one", () => {
    // 23:30 UTC on the 9th is already the 10th in Tokyo (UTC+9) and still the 9th in Los Angeles (UTC-7)
    const now = new Date("2026-03-09T23:30:00Z");
    expect(startOfDay(now, "Asia/Tokyo").toISOString()).toBe("2026-03-09T15:00:00.000Z");
    expect(startOfDay(now, "America/Los_Angeles").toISOString()).toBe("2026-03-09T07:00:00.000Z");
  });

  it("uses midnight's own offset on a daylight-saving day", () => {
    // Paris springs forward at 02:00 on 2026-03-29: midnight is still UTC+1, the afternoon UTC+2
    expect(startOfDay(new Date("2026-03-29T15:00:00Z"), "Europe/Paris").toISOString()).toBe(
      "2026-03-28T23:00:00.000Z",
    );
    // and falls back on 2026-10-25: midnight is UTC+2
    expect(startOfDay(new Date("2026-10-25T15:00:00Z"), "Europe/Paris").toISOString()).toBe(
      "2026-10-24T22:00:00.000Z",
    );
  });

  it("starts at the change on a day whose midnight is skipped", () => {
    // Santiago springs forward at 00:00 on 2024-09-08 (UTC-4 to UTC-3): the day starts at 01:00 local, 04:00 UTC
    expect(startOfDay(new Date("2024-09-08T18:00:00Z"), "America/Santiago").toISOString()).toBe(
      "2024-09-08T04:00:00.000Z",
    );
  });

  it("starts at the first of two midnights when clocks go back to midnight", () => {
    // Havana falls back from 01:00 CDT to 00:00 CST on 2024-11-03: the first midnight is 04:00 UTC
    expect(startOfDay(new Date("2024-11-03T18:00:00Z"), "America/Havana").toISOString()).toBe(
      "2024-11-03T04:00:00.000Z",
    );
  });
});

describe("time zones", () => {
  it("accepts UTC, IANA zones and their aliases; rejects the rest", () => {
    expect(supportedTimeZones()).toContain("Europe/Paris");
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
    expect(isValidTimeZone("Asia/Kolkata")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(isValidTimeZone("+02:00")).toBe(false);
  });
});
