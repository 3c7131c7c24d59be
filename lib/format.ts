// Formatting for display. Pure and locale-stable (en-US), so server and client render the same text.

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  // Round to whole seconds first, so 16m 59.6s reads 17m, not 16m 60s.
  const total = Math.round(s);
  const m = Math.floor(total / 60);
  const rs = total % 60;
  if (m < 60) return rs ? `${m}m ${rs}s` : `${m}m`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

// Built once: toLocaleString builds a new Intl.NumberFormat on every call, which dominated pages that format
// thousands of figures (a fleet standup). Same options, same text.
const COST = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const NUMBER = new Intl.NumberFormat("en-US");

export function formatCost(usd: number | null | undefined): string {
  if (usd == null) return "—";
  if (usd === 0) return "$0";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${COST.format(usd)}`;
}

export function formatNumber(n: number | null | undefined): string {
  return n == null ? "—" : NUMBER.format(n);
}

export function formatRelative(iso: string, now = Date.now()): string {
  const diff = now - new Date(iso).getTime();
  const abs = Math.abs(diff);
  const suffix = diff >= 0 ? "ago" : "from now";
  if (abs < 45_000) return diff >= 0 ? "just now" : "in a moment";
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "m"],
  ];
  for (const [size, unit] of units) {
    if (abs >= size) return `${Math.round(abs / size)}${unit} ${suffix}`;
  }
  return `${Math.round(abs / 1000)}s ${suffix}`;
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  // h23, not hour12: false, which Node renders as "24:05" after midnight while browsers say "00:05" (a
  // hydration mismatch for the first hour of every UTC day)
  hourCycle: "h23",
};
// One formatter per zone, built on first use: toLocaleString builds an Intl.DateTimeFormat on every call, ~14 ms
// of every Failures page render. Zones are few (a project's, the reader's); the cap only bounds a misuse.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "Invalid Date"; // as toLocaleString says it (format would throw)
  const key = timeZone ?? "";
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { ...DATE_TIME, timeZone }); // an unknown zone throws, as before
    if (dateTimeFormats.size >= 64) dateTimeFormats.clear();
    dateTimeFormats.set(key, format);
  }
  return format.format(date);
}
