"use client";
import { useQueryState } from "nuqs";
import type { MouseEvent } from "react";
import { Waterfall, type WaterfallRow } from "@/components/runs/waterfall";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDuration, formatNumber } from "@/lib/format";
import type { ToolTimelineCall } from "@/lib/transcripts/tool-timeline-schemas";

const STATUS: Record<ToolTimelineCall["status"], WaterfallRow["status"]> = {
  ok: "ok",
  error: "error",
  running: "running",
  // a call the job ended without answering: grey, like a cancelled job
  no_result: "cancelled",
};

export function toRows(calls: readonly ToolTimelineCall[]): WaterfallRow[] {
  return calls.map((c) => ({
    id: c.id,
    label: c.tool,
    sublabel: [c.branch ? `sub-agent ${c.branch}` : null, c.status === "no_result" ? "no result" : null]
      .filter(Boolean)
      .join(" · "),
    start: c.start,
    end: c.end,
    status: STATUS[c.status],
    href: `#entry-${encodeURIComponent(c.id)}`,
    depth: c.branch ? 1 : 0,
  }));
}

/** Tool calls as a waterfall; a click scrolls the transcript (the job page's first tab) to the call. */
export function JobTimelinePanel({ calls, truncated }: { calls: ToolTimelineCall[]; truncated: boolean }) {
  const [tab, setTab] = useQueryState("tab");
  const rows = toRows(calls);
  const errors = calls.filter((c) => c.status === "error").length;
  // first call's start to the last end (an open call: still going)
  const first = Date.parse(calls[0]?.start ?? "");
  const open = calls.some((c) => c.end === null);
  const last = Math.max(...calls.map((c) => Date.parse(c.end ?? c.start)));

  // The transcript follows #entry-<id> (hashchange). On another tab, the hash is set first (replaceState, which
  // Next keeps in its router state; set after the tab switch, Next's own URL sync put the old hash back) and the
  // transcript tab opened: the transcript reads the hash when it mounts. On the same link twice the hash does
  // not change, so the event is sent by hand.
  const onRowClick = (row: WaterfallRow, event: MouseEvent<HTMLAnchorElement>) => {
    const href = row.href ?? "";
    if (tab && tab !== "transcript") {
      event.preventDefault();
      window.history.replaceState(null, "", href);
      void setTab(null).then(() => window.dispatchEvent(new HashChangeEvent("hashchange")));
    } else if (window.location.hash === href) {
      event.preventDefault();
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    }
  };

  return (
    <Card data-testid="job-timeline">
      <CardHeader
        title="Timeline"
        description={
          `${formatNumber(calls.length)} tool call${calls.length === 1 ? "" : "s"}` +
          (errors ? `, ${formatNumber(errors)} failed` : "") +
          (open ? " · still running" : ` over ${formatDuration(last - first)}`) +
          (truncated ? ` · the first ${formatNumber(calls.length)} shown` : "")
        }
      />
      <Waterfall rows={rows} cap={15} onRowClick={onRowClick} aria-label="Tool calls" />
    </Card>
  );
}
