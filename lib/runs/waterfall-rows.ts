// The rows a run's timeline (components/runs/waterfall.tsx, built separately) draws: one bar per job that
// started, in the tree's order, and the range that holds them all.
import type { Run } from "./schemas";

export type WaterfallRow = {
  id: string;
  label: string;
  sublabel?: string;
  start: string;
  end: string | null;
  status: string;
  href?: string;
};

export function runWaterfall(run: Run): { rows: WaterfallRow[]; range: { from: string; to: string } | null } {
  const rows: WaterfallRow[] = [];
  for (const n of run.nodes) {
    if (!n.id || !n.started_at || !n.status) continue;
    rows.push({
      id: n.id,
      label: `${"  ".repeat(n.depth)}${n.title ?? n.external_id}`,
      sublabel: [n.step, n.agent, n.model].filter(Boolean).join(" · ") || undefined,
      start: n.started_at,
      end: n.ended_at,
      status: n.status,
      href: `/jobs/${encodeURIComponent(n.id)}`,
    });
  }
  if (!rows.length) return { rows, range: null };
  const from = Math.min(...rows.map((r) => Date.parse(r.start)));
  // a job still running reaches "now" on the timeline; the range ends at the last known end otherwise
  const to = Math.max(...rows.map((r) => (r.end ? Date.parse(r.end) : Date.now())));
  return { rows, range: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } };
}
