"use client";
// A Gantt-style waterfall: one bar per row on a shared time axis. Used for a run's jobs and a job's tool
// calls. The layout math is in lib/runs/waterfall-layout.ts; this file only draws it.
import { useVirtualizer } from "@tanstack/react-virtual";
import { type MouseEvent, useEffect, useMemo, useRef, useState } from "react";
import {
  axisTicks,
  barLayout,
  capRows,
  computeRange,
  type Tick,
  toMs,
  type WaterfallRow,
} from "@/lib/runs/waterfall-layout";
import { WaterfallRowView } from "./waterfall-row";

export type { WaterfallRow, WaterfallStatus } from "@/lib/runs/waterfall-layout";

/** Past this many rows, "show all" draws them in a scrolling box, only the visible ones mounted. */
const VIRTUAL_FROM = 100;

/**
 * "Now" for open rows. On the server and in the first client render it is the latest time the rows know (so
 * both render the same), then the browser's clock, ticking every 5 s while a row is open.
 */
function useNow(rows: readonly WaterfallRow[]): number {
  const known = useMemo(
    () => Math.max(0, ...rows.flatMap((r) => [toMs(r.start), r.end == null ? 0 : toMs(r.end)])),
    [rows],
  );
  const [now, setNow] = useState<number | null>(null);
  const anyOpen = rows.some((r) => r.end == null);
  useEffect(() => {
    setNow(Date.now());
    if (!anyOpen) return;
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, [anyOpen]);
  return Math.max(known, now ?? known);
}

function Axis({ ticks }: { ticks: Tick[] }) {
  return (
    <div
      aria-hidden
      className="grid grid-cols-1 border-b border-border px-3 py-1.5 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)] sm:gap-3"
    >
      <span className="hidden text-[11px] text-muted sm:block" />
      <div className="relative h-4 font-mono text-[10px] tabular-nums text-muted">
        {ticks.map((t, i) => (
          <span
            key={t.ms}
            className="absolute top-0 whitespace-nowrap"
            // the first label starts at its tick, the last ends at it, the others are centred on it
            style={{
              left: `${t.pct}%`,
              transform: i === 0 ? undefined : t.pct > 90 ? "translateX(-100%)" : "translateX(-50%)",
            }}
          >
            {t.label}
          </span>
        ))}
      </div>
    </div>
  );
}

export function Waterfall({
  rows,
  range: given,
  cap = 50,
  onRowClick,
  empty = "Nothing to show.",
  "aria-label": ariaLabel = "Timeline",
}: {
  rows: readonly WaterfallRow[];
  /** The axis's range; default: the rows' earliest start to latest end. */
  range?: { start: string | Date; end: string | Date } | null;
  /** Rows shown before "Show all". */
  cap?: number;
  /** Called before a row's link is followed (it may preventDefault). */
  onRowClick?: (row: WaterfallRow, event: MouseEvent<HTMLAnchorElement>) => void;
  empty?: string;
  "aria-label"?: string;
}) {
  const now = useNow(rows);
  const range = useMemo(() => computeRange(rows, now, given), [rows, now, given]);
  const ticks = useMemo(() => axisTicks(range, 5), [range]);
  const [showAll, setShowAll] = useState(false);
  const [active, setActive] = useState<{ id: string; place: "below" | "above" } | null>(null);
  // the tooltip (about 5 lines) goes above a row near the bottom of the scrolling box or of the window
  const onActive = (id: string | null, el?: HTMLElement) => {
    if (!id || !el) return setActive(null);
    const box = el.closest("[data-testid=waterfall-scroll]");
    const bottom = box ? box.getBoundingClientRect().bottom : window.innerHeight;
    setActive({ id, place: el.getBoundingClientRect().bottom + 96 > bottom ? "above" : "below" });
  };
  const { shown, hidden } = capRows(rows, cap, showAll);
  const virtual = shown.length > VIRTUAL_FROM;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: virtual ? shown.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 32,
    overscan: 10,
    getItemKey: (i) => shown[i]?.id ?? i,
  });

  if (rows.length === 0)
    return (
      <p className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted">
        {empty}
      </p>
    );

  const renderRow = (row: WaterfallRow) => (
    <WaterfallRowView
      row={row}
      bar={barLayout(row, range, now)}
      ticks={ticks}
      active={active?.id === row.id ? active.place : null}
      onActive={onActive}
      onClick={onRowClick}
    />
  );

  return (
    <div data-testid="waterfall" className="min-w-0 overflow-x-clip">
      <Axis ticks={ticks} />
      {virtual ? (
        <div
          ref={scrollRef}
          className="max-h-[28rem] overflow-y-auto overflow-x-hidden"
          data-testid="waterfall-scroll"
        >
          <ul aria-label={ariaLabel} className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = shown[v.index];
              return row ? (
                <li
                  key={v.key}
                  data-index={v.index}
                  ref={virtualizer.measureElement}
                  className="absolute inset-x-0 top-0"
                  style={{ transform: `translateY(${v.start}px)` }}
                >
                  {renderRow(row)}
                </li>
              ) : null;
            })}
          </ul>
        </div>
      ) : (
        <ul aria-label={ariaLabel} className="py-1">
          {shown.map((row) => (
            <li key={row.id}>{renderRow(row)}</li>
          ))}
        </ul>
      )}
      {hidden > 0 || (showAll && rows.length > cap) ? (
        <div className="border-t border-border px-3 py-2 text-xs">
          <button
            type="button"
            data-testid="waterfall-show-all"
            onClick={() => setShowAll((s) => !s)}
            className="font-medium text-accent hover:underline"
          >
            {showAll
              ? `Show the first ${cap}`
              : `Show all ${rows.length.toLocaleString("en-US")} (${hidden.toLocaleString("en-US")} more)`}
          </button>
        </div>
      ) : null}
    </div>
  );
}
