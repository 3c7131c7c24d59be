// Layout math of the Gantt-style waterfall (components/runs/waterfall.tsx): the time range, the axis ticks and
// where each bar sits. Pure, so the page and the tests compute the same thing.

export type WaterfallStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled" | "ok" | "error";

export type WaterfallRow = {
  id: string;
  label: string;
  sublabel?: string;
  start: string | Date;
  /** null: still open (running), drawn up to now. */
  end: string | Date | null;
  status: WaterfallStatus;
  href?: string;
  /** Indent level in a tree (0: top). */
  depth?: number;
};

export type Range = { start: number; end: number };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Steps an axis may use: round numbers of each unit, so ticks read "250 ms", "15 s", "5 min", "6 h". */
// biome-ignore format: one unit a line reads better than one step a line
const STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 250, 500,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY,
];

export const toMs = (v: string | Date): number => (v instanceof Date ? v.getTime() : Date.parse(v));

/** A row's end in ms: its end, or `now` while open (never before its start). */
export function rowEnd(row: Pick<WaterfallRow, "start" | "end">, now: number): number {
  const start = toMs(row.start);
  const end = row.end == null ? now : toMs(row.end);
  return Math.max(start, end);
}

/**
 * The range the axis covers: the one given, else the earliest start to the latest end (open rows end now).
 * Never empty: a range of 0 ms (one instant call) is widened to 1 ms so bars have somewhere to be.
 */
export function computeRange(
  rows: readonly Pick<WaterfallRow, "start" | "end">[],
  now: number,
  given?: { start: string | Date; end: string | Date } | null,
): Range {
  let start: number;
  let end: number;
  if (given) {
    start = toMs(given.start);
    end = toMs(given.end);
  } else if (rows.length === 0) {
    start = now;
    end = now;
  } else {
    start = Math.min(...rows.map((r) => toMs(r.start)));
    end = Math.max(...rows.map((r) => rowEnd(r, now)));
  }
  return { start, end: Math.max(end, start + 1) };
}

/** The smallest round step that gives at most `target` intervals over `span` ms. */
export function tickStep(span: number, target = 6): number {
  for (const step of STEPS) if (span / step <= target) return step;
  // beyond the list (months): whole weeks
  return Math.ceil(span / target / (7 * DAY)) * 7 * DAY;
}

/** An elapsed time on the axis, in the unit of the step: "250 ms", "1.5 s", "2 min", "1h 30m", "2d 6h". */
export function formatTick(ms: number, step: number): string {
  if (ms === 0) return "0";
  if (step < SECOND && ms < SECOND) return `${ms} ms`;
  if (step < MINUTE && ms < MINUTE) return `${+(ms / SECOND).toFixed(3)} s`;
  if (step < MINUTE) {
    const s = +((ms % MINUTE) / SECOND).toFixed(3);
    return s ? `${Math.floor(ms / MINUTE)}m ${s}s` : `${ms / MINUTE} min`;
  }
  if (step < HOUR && ms < HOUR) return `${ms / MINUTE} min`;
  if (step < HOUR && ms % HOUR) return `${Math.floor(ms / HOUR)}h ${(ms % HOUR) / MINUTE}m`;
  if (ms < DAY) return `${ms / HOUR} h`;
  const h = (ms % DAY) / HOUR;
  return h ? `${Math.floor(ms / DAY)}d ${h}h` : `${ms / DAY} d`;
}

export type Tick = { ms: number; pct: number; label: string };

/** Ticks at whole steps of elapsed time from the range's start, 0 included, none past its end. */
export function axisTicks(range: Range, target = 6): Tick[] {
  const span = range.end - range.start;
  const step = tickStep(span, target);
  const ticks: Tick[] = [];
  for (let ms = 0; ms <= span; ms += step)
    ticks.push({ ms, pct: (ms / span) * 100, label: formatTick(ms, step) });
  return ticks;
}

export type Bar = {
  /** Offset of the bar's start from the left, in % of the track (clamped to 0..100). */
  left: number;
  /** Width in % of the track (clamped so the bar stays inside it). */
  width: number;
  durationMs: number;
  open: boolean;
  /**
   * Where the duration text goes: after the bar; before it when the bar reaches the right edge; inside it
   * when the bar spans nearly the whole track.
   */
  labelSide: "right" | "left" | "inside";
};

export function barLayout(row: Pick<WaterfallRow, "start" | "end">, range: Range, now: number): Bar {
  const span = range.end - range.start;
  const start = toMs(row.start);
  const end = rowEnd(row, now);
  const clamp = (v: number) => Math.min(100, Math.max(0, v));
  const left = clamp(((start - range.start) / span) * 100);
  const right = clamp(((end - range.start) / span) * 100);
  return {
    left,
    width: right - left,
    durationMs: end - start,
    open: row.end == null,
    // past 75% there is no room for "12.3 s" after the bar on a phone-wide track, nor before 25% ahead of it
    labelSide: right <= 75 ? "right" : left >= 25 ? "left" : "inside",
  };
}

/** The rows to draw: all of them, or the first `cap` until the reader asks for all. */
export function capRows<T>(
  rows: readonly T[],
  cap: number,
  showAll: boolean,
): { shown: readonly T[]; hidden: number } {
  if (showAll || rows.length <= cap) return { shown: rows, hidden: 0 };
  return { shown: rows.slice(0, cap), hidden: rows.length - cap };
}
