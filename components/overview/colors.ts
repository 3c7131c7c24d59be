// Chart colours shared by the Overview and Models pages. Mid lightness: readable on light and dark.

export const OUTCOME_COLORS = {
  succeeded: "#10b981",
  failed: "#ef4444",
  cancelled: "#a1a1aa",
  unfinished: "#38bdf8",
} as const;

/** Series colours, in order of size; "other" is grey. */
export const SERIES_COLORS = ["#6366f1", "#14b8a6", "#f59e0b", "#ec4899", "#0ea5e9", "#84cc16", "#a855f7"];

export const seriesColor = (key: string, i: number) =>
  key === "other" ? "#94a3b8" : (SERIES_COLORS[i % SERIES_COLORS.length] as string);
