// Calendar arithmetic in an IANA time zone with Intl only: local dates, and the instant a local day or month
// starts (DST-safe: offsets are looked up at the instant itself).

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `at` in `timeZone`. */
export function zonedParts(at: Date, timeZone: string) {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** Milliseconds to add to UTC to get the local wall clock at `at`. */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of local wall-clock time y-m-d h:mi in `timeZone` (month 1-12; overflowing days roll over). */
export function zonedTime(y: number, m: number, d: number, timeZone: string, h = 0, mi = 0): Date {
  const wall = Date.UTC(y, m - 1, d, h, mi);
  let t = wall - zoneOffsetMs(new Date(wall), timeZone);
  t = wall - zoneOffsetMs(new Date(t), timeZone);
  return new Date(t);
}

/** YYYY-MM-DD of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** [start, end) of the local day containing `at`. */
export function dayBounds(at: Date, timeZone: string): { start: Date; end: Date } {
  const p = zonedParts(at, timeZone);
  return {
    start: zonedTime(p.year, p.month, p.day, timeZone),
    end: zonedTime(p.year, p.month, p.day + 1, timeZone),
  };
}

/** [start, end) of the local calendar month containing `at`. */
export function monthBounds(at: Date, timeZone: string): { start: Date; end: Date } {
  const p = zonedParts(at, timeZone);
  return { start: zonedTime(p.year, p.month, 1, timeZone), end: zonedTime(p.year, p.month + 1, 1, timeZone) };
}
