// Display helpers of the Overview and Models pages. Pure and locale-stable (en-US).

/** 0.8333 -> "83.3%"; null -> "—". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  return fraction == null ? "—" : `${(fraction * 100).toFixed(digits)}%`;
}

/** A change as a fraction -> "+12%", "−5%", "0%"; null -> null. */
export function formatChange(change: number | null): string | null {
  if (change === null) return null;
  const pct = Math.round(change * 100);
  return pct > 0 ? `+${pct}%` : pct < 0 ? `−${Math.abs(pct)}%` : "0%";
}

/** A change of a rate in percentage points: 0.05 -> "+5.0 pts". */
export function formatPoints(diff: number | null): string | null {
  if (diff === null) return null;
  const pts = diff * 100;
  return `${pts > 0 ? "+" : pts < 0 ? "−" : ""}${Math.abs(pts).toFixed(1)} pts`;
}
