import { describe, expect, it } from "vitest";
import { dayBounds, localDate, monthBounds, zonedParts, zonedTime } from "./zone";

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

describe("zonedParts", () => {
  // What Intl says for each instant, asked directly (zonedParts asks it per zone and hour, not per instant).
  const formats = new Map<string, Intl.DateTimeFormat>();
  const format = (timeZone: string) =>
    formats.get(timeZone) ??
    formats
      .set(
        timeZone,
        new Intl.DateTimeFormat("en-US", {
          timeZone,
          hourCycle: "h23",
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
          second: "2-digit",
        }),
      )
      .get(timeZone);
  const intl = (at: Date, timeZone: string) => {
    const parts = (format(timeZone) as Intl.DateTimeFormat).formatToParts(at);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    return {
      year: get("year"),
      month: get("month"),
      day: get("day"),
      hour: get("hour"),
      minute: get("minute"),
      second: get("second"),
    };
  };

  it("matches Intl for every instant, across DST changes and odd offsets", () => {
    const zones = [
      "UTC",
      "America/Los_Angeles",
      "America/St_Johns", // -3:30, changes at 05:30 UTC: in the middle of a UTC hour
      "Australia/Lord_Howe", // a 30-minute DST shift
      "Asia/Kathmandu", // +5:45
      "Africa/Monrovia", // -0:44:30 until 1972: an offset with seconds
      "Pacific/Apia", // skipped 2011-12-30 entirely
    ];
    const starts = [
      "2026-03-08T00:00:00Z", // US DST starts
      "2026-11-01T00:00:00Z", // US DST ends
      "2026-04-05T00:00:00Z", // Lord Howe DST ends
      "2026-10-04T00:00:00Z", // Lord Howe DST starts
      "1971-06-01T00:00:00Z",
      "2011-12-29T00:00:00Z",
    ];
    let checked = 0;
    for (const timeZone of zones) {
      for (const start of starts) {
        // every 7 minutes and 13 seconds over two days, and the last second before each UTC hour
        const t0 = Date.parse(start);
        for (let t = t0; t < t0 + 2 * 86_400_000; t += 433_000) {
          for (const at of [new Date(t), new Date(Math.ceil(t / 3_600_000) * 3_600_000 - 1)]) {
            expect(zonedParts(at, timeZone), `${at.toISOString()} in ${timeZone}`).toEqual(
              intl(at, timeZone),
            );
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(7 * 6 * 2 * Math.ceil((2 * 86_400_000) / 433_000));
  });

  it("reads years outside 1900-9999 through Intl, and refuses unknown zones", () => {
    const old = new Date("1850-07-01T12:34:56Z");
    expect(zonedParts(old, "Europe/Paris")).toEqual(intl(old, "Europe/Paris"));
    expect(() => zonedParts(new Date(), "Mars/Olympus")).toThrow(RangeError);
  });
});
