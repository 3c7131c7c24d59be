// Calendar arithmetic in an IANA time zone with Intl only: which zones exist, local dates, and the instant a
// local day or month starts (DST-safe, including days whose midnight is skipped or repeated).

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

/** The wall-clock fields of `at` in `timeZone`, through Intl. */
function intlParts(at: Date, timeZone: string) {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  // One pass over the parts (the first of each type, as a lookup would find).
  const seen = new Set<string>();
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (!(p.type in out) || seen.has(p.type)) continue;
    seen.add(p.type);
    out[p.type as keyof typeof out] = Number(p.value);
  }
  return out;
}

const HOUR = 3_600_000;
// Instants whose wall clock is computed from a cached offset: years 1900 to 9999 (Date.UTC reads years 0-99 as
// 19xx, and Intl writes years before 1 as positive numbers with an era).
const FAST_FROM = Date.UTC(1900, 0, 1);
const FAST_TO = Date.UTC(9999, 11, 31);
const OFFSETS_KEPT = 20_000;
/** Per zone, per UTC hour (ms / HOUR): its offset in ms, or null when the offset changes within the hour. */
const hourOffsets = new Map<string, Map<number, number | null>>();

const offsetFrom = (p: ReturnType<typeof intlParts>, ms: number) =>
  Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;

function hourOffset(hour: number, timeZone: string): number | null {
  const zone = hourOffsets.get(timeZone);
  let offset = zone?.get(hour);
  if (offset === undefined) {
    // Offsets (whole seconds in the tz database) change at most once in an hour: the same at the hour's first
    // and last second means the same for the whole hour.
    const first = hour * HOUR;
    const last = first + HOUR - 1000;
    const a = offsetFrom(intlParts(new Date(first), timeZone), first);
    const b = offsetFrom(intlParts(new Date(last), timeZone), last);
    offset = a === b ? a : null;
    // (an unknown zone threw above: only real zones get a map)
    if (!zone) hourOffsets.set(timeZone, new Map([[hour, offset]]));
    else {
      if (zone.size >= OFFSETS_KEPT) zone.clear();
      zone.set(hour, offset);
    }
  }
  return offset;
}

/**
 * The wall-clock fields of `at` in `timeZone`. Intl is asked twice per zone and UTC hour (the offset at the hour's
 * ends), not once per instant: a fleet standup formats thousands of instants of the same day.
 */
export function zonedParts(at: Date, timeZone: string) {
  const ms = at.getTime();
  const offset = ms >= FAST_FROM && ms <= FAST_TO ? hourOffset(Math.floor(ms / HOUR), timeZone) : null;
  if (offset === null) return intlParts(at, timeZone);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
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
  // Noon is never skipped by a daylight-saving change: the day of a noon is unambiguous.
  const noon = (d: number) => zonedTime(p.year, p.month, d, timeZone, 12);
  return { start: startOfDay(noon(p.day), timeZone), end: startOfDay(noon(p.day + 1), timeZone) };
}

/** [start, end) of the local calendar month containing `at`. */
export function monthBounds(at: Date, timeZone: string): { start: Date; end: Date } {
  const p = zonedParts(at, timeZone);
  const first = (m: number) => zonedTime(p.year, m, 1, timeZone, 12);
  return { start: startOfDay(first(p.month), timeZone), end: startOfDay(first(p.month + 1), timeZone) };
}

/** IANA zones the runtime knows (Intl.supportedValuesOf), plus UTC, which the list leaves out. */
export function supportedTimeZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone")];
}

/** True for "UTC", a zone of Intl.supportedValuesOf('timeZone'), or an alias of one (Asia/Kolkata). */
export function isValidTimeZone(zone: string): boolean {
  const known = new Set(supportedTimeZones());
  if (known.has(zone)) return true;
  try {
    return known.has(new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

function localParts(t: Date, timeZone: string) {
  const p = zonedParts(t, timeZone);
  return { y: p.year, m: p.month, d: p.day, h: p.hour, min: p.minute, s: p.second };
}
const offsetMs = zoneOffsetMs;

/**
 * The first instant of the local day containing `now` in `timeZone`: the earliest local midnight (a day whose
 * midnight repeats when clocks go back starts at the first one), or, on a day whose midnight is skipped by a
 * daylight-saving change (Santiago in September), the instant of the change.
 */
export function startOfDay(now: Date, timeZone: string): Date {
  const today = localParts(now, timeZone);
  const midnightWall = Date.UTC(today.y, today.m - 1, today.d);
  const localDay = (t: number) => {
    const p = localParts(new Date(t), timeZone);
    return Date.UTC(p.y, p.m - 1, p.d);
  };
  // Every offset the zone uses around that day gives a candidate instant for local midnight.
  const offsets = new Set<number>();
  for (let k = -6; k <= 6; k++) offsets.add(offsetMs(new Date(midnightWall + k * 4 * 3_600_000), timeZone));
  const midnights = [...offsets]
    .map((o) => midnightWall - o)
    .filter((t) => {
      const p = localParts(new Date(t), timeZone);
      return localDay(t) === midnightWall && p.h === 0 && p.min === 0 && p.s === 0;
    });
  if (midnights.length > 0) return new Date(Math.min(...midnights));
  // No local midnight today: search the skipped hour for the first instant of today (to the second).
  let lo = midnightWall - 15 * 3_600_000;
  let hi = midnightWall + 15 * 3_600_000;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (localDay(mid) >= midnightWall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}
