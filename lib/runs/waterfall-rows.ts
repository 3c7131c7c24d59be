// The rows a run's timeline (components/runs/waterfall.tsx) draws: one bar per job that started, in the tree's
// order and indented by depth, each opening its job. The axis spans them (the component works it out).

import type { Run } from "./schemas";
import type { WaterfallRow, WaterfallStatus } from "./waterfall-layout";

const STATUSES: readonly string[] = ["queued", "running", "succeeded", "failed", "cancelled"];

export function runWaterfall(run: Run): WaterfallRow[] {
  const rows: WaterfallRow[] = [];
  for (const n of run.nodes) {
    if (!n.id || !n.started_at || !n.status || !STATUSES.includes(n.status)) continue;
    rows.push({
      id: n.id,
      label: n.title ?? n.external_id,
      sublabel: [n.step, n.agent, n.model].filter(Boolean).join(" · ") || undefined,
      start: n.started_at,
      end: n.ended_at,
      status: n.status as WaterfallStatus,
      href: `/jobs/${encodeURIComponent(n.id)}`,
      depth: n.depth,
    });
  }
  return rows;
}
