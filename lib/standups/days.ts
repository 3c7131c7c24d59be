// Calendar days in a project's time zone: "YYYY-MM-DD" strings and the UTC instants that bound them.
// Pure (Intl only, through lib/time/zone), so the server, the scheduler and the browser agree on "yesterday".

import {
  isValidTimeZone,
  localDate,
  dayBounds as zoneDayBounds,
  zonedParts,
  zoneOffsetMs,
} from "@/lib/time/zone";

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `timeZone` is an IANA zone this runtime knows. */
export const isTimeZone = isValidTimeZone;

/** Whether `day` is a real calendar date written YYYY-MM-DD. */
export function isDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The local calendar day of an instant in a zone. */
export const localDay = localDate;

/** The local time of day (HH:MM) of an instant in a zone. */
export function localTime(at: Date, timeZone: string): string {
  const w = zonedParts(at, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** The day `n` days after (or before, n < 0) `day`. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The instant the local wall-clock time `day` `hh:mm` happens in the zone (the later one across a DST gap). */
export function zonedInstant(day: string, timeZone: string, hhmm = "00:00"): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(":").map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let t = guess - zoneOffsetMs(new Date(guess), timeZone);
  const second = guess - zoneOffsetMs(new Date(t), timeZone);
  if (second !== t) t = Math.max(t, second);
  return new Date(t);
}

/** The UTC instants bounding a local day: [start, end). 23 or 25 hours long on DST changes. */
export function dayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  // Noon of the day is never skipped: lib/time/zone finds the day's true first instant from it.
  return zoneDayBounds(zonedInstant(day, timeZone, "12:00"), timeZone);
}

/** The day before the current local day: the default standup. */
export function yesterday(now: Date, timeZone: string): string {
  return addDays(localDay(now, timeZone), -1);
}

// Built once (toLocaleDateString builds a formatter per call); the same options, the same text.
const LONG_DAY = new Intl.DateTimeFormat("en-US", {
  weekday: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});

/** "Tuesday, January 14, 2025" */
export function formatDay(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  // as toLocaleDateString says it (format would throw)
  return Number.isNaN(noon.getTime()) ? "Invalid Date" : LONG_DAY.format(noon);
}
