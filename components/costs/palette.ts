// Series colours of the Costs charts: stable per position, "Other" and unknowns in grey.
const COLORS = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#a855f7", "#14b8a6", "#ec4899"];

export function seriesColor(key: string, index: number): string {
  if (key === "Other" || key === "(unknown)") return "#94a3b8";
  return COLORS[index % COLORS.length] as string;
}

export const TOKEN_COLORS = {
  input: "#6366f1",
  output: "#f59e0b",
  cache_read: "#10b981",
  cache_write: "#0ea5e9",
} as const;
