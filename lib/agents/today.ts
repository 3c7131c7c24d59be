// "Today" in a project's time zone, and which time zones a project may use. Pure.

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

type Parts = { y: number; m: number; d: number; h: number; min: number; s: number };

function localParts(t: Date, timeZone: string): Parts {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    y: get("year"),
    m: get("month"),
    d: get("day"),
    h: get("hour"),
    min: get("minute"),
    s: get("second"),
  };
}

/** The zone's offset from UTC at instant `t`, in milliseconds (Paris in winter: +3,600,000). */
function offsetMs(t: Date, timeZone: string): number {
  const p = localParts(t, timeZone);
  const wall = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return wall - (t.getTime() - t.getUTCMilliseconds());
}

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
