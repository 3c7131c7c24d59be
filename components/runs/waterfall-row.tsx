"use client";
import Link from "next/link";
import type { MouseEvent } from "react";
import { cn } from "@/lib/cn";
import { formatDuration } from "@/lib/format";
import {
  type Bar,
  type Tick,
  toMs,
  type WaterfallRow,
  type WaterfallStatus,
} from "@/lib/runs/waterfall-layout";

/** Bar fills: the status colours of the jobs' StatusBadge dots (components/jobs/status-badge.tsx). */
const FILL: Record<WaterfallStatus, string> = {
  queued: "bg-slate-400 dark:bg-slate-500",
  running: "bg-sky-500 animate-pulse",
  succeeded: "bg-emerald-500 dark:bg-emerald-600",
  ok: "bg-emerald-500 dark:bg-emerald-600",
  failed: "bg-red-500",
  error: "bg-red-500",
  cancelled: "bg-zinc-400 dark:bg-zinc-500",
};

/** A time to the millisecond, in the reader's zone (only rendered in the browser: see the tooltip). */
export function formatInstant(ms: number): string {
  return new Date(ms).toLocaleString("en-US", {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
    hourCycle: "h23",
  });
}

/** The vertical lines of the axis, drawn behind each row's bar. */
export function Gridlines({ ticks }: { ticks: Tick[] }) {
  return (
    <>
      {ticks.map((t) => (
        <span
          key={t.ms}
          aria-hidden
          className="absolute inset-y-0 w-px bg-border/70"
          style={{ left: `${t.pct}%` }}
        />
      ))}
    </>
  );
}

export function WaterfallRowView({
  row,
  bar,
  ticks,
  active,
  onActive,
  onClick,
}: {
  row: WaterfallRow;
  bar: Bar;
  ticks: Tick[];
  /** Hovered or focused: its tooltip shows, below the bar or above it near the bottom of the view. */
  active: "below" | "above" | null;
  onActive: (id: string | null, el?: HTMLElement) => void;
  onClick?: (row: WaterfallRow, event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const duration = formatDuration(bar.durationMs) + (bar.open ? " · running" : "");
  const start = toMs(row.start);
  const summary = `${row.label}${row.sublabel ? ` (${row.sublabel})` : ""}: ${row.status}, ${duration}`;
  const body = (
    <>
      <div
        className="flex min-w-0 items-baseline gap-2"
        style={{ paddingLeft: `${(row.depth ?? 0) * 0.75}rem` }}
      >
        <span className="truncate text-xs font-medium text-fg">{row.label}</span>
        {row.sublabel ? <span className="truncate text-[11px] text-muted">{row.sublabel}</span> : null}
      </div>
      <div className="relative h-5">
        <Gridlines ticks={ticks} />
        <span
          data-testid="waterfall-bar"
          data-status={row.status}
          className={cn("absolute top-1 h-3 min-w-[3px] rounded-sm", FILL[row.status])}
          style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
        />
        <span
          className={cn(
            "absolute top-0.5 whitespace-nowrap font-mono text-[10px] leading-4 tabular-nums",
            bar.labelSide === "inside" ? "px-1 text-white" : "text-muted",
          )}
          style={
            bar.labelSide === "right"
              ? { left: `calc(${bar.left + bar.width}% + 4px)` }
              : bar.labelSide === "left"
                ? { right: `calc(${100 - bar.left}% + 4px)` }
                : { left: `${bar.left}%` }
          }
        >
          {duration}
        </span>
        {active ? (
          <span
            role="tooltip"
            data-testid="waterfall-tooltip"
            className={cn(
              "absolute z-20 w-max max-w-[16rem] rounded-md border border-border bg-panel px-2.5 py-1.5 text-[11px] shadow-lg",
              active === "above" ? "bottom-6" : "top-6",
              bar.left > 50 ? "right-0" : "",
            )}
            style={bar.left > 50 ? undefined : { left: `${bar.left}%` }}
          >
            <span className="block font-medium text-fg">{row.label}</span>
            <span className="block text-muted">Start {formatInstant(start)}</span>
            <span className="block text-muted">
              End {bar.open ? "still running" : formatInstant(start + bar.durationMs)}
            </span>
            <span className="block text-fg">Duration {duration}</span>
          </span>
        ) : null}
      </div>
    </>
  );
  const className = cn(
    "grid grid-cols-1 gap-0.5 px-3 py-1.5 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)] sm:items-center sm:gap-3",
    active && "bg-subtle",
  );
  const events = {
    onMouseEnter: (e: { currentTarget: HTMLElement }) => onActive(row.id, e.currentTarget),
    onMouseLeave: () => onActive(null),
    onFocus: (e: { currentTarget: HTMLElement }) => onActive(row.id, e.currentTarget),
    onBlur: () => onActive(null),
  };
  if (!row.href)
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: hovering only opens the tooltip; its words are in the sr-only summary
      <div
        data-testid="waterfall-row"
        className={className}
        onMouseEnter={events.onMouseEnter}
        onMouseLeave={events.onMouseLeave}
      >
        <span className="sr-only">{summary}</span>
        {body}
      </div>
    );
  const linkClass = cn(
    className,
    "outline-none hover:bg-subtle focus-visible:ring-2 focus-visible:ring-accent",
  );
  // hash links stay plain anchors: the browser then fires hashchange, which the transcript listens to
  return (
    <>
      {row.href.startsWith("#") ? (
        <a
          href={row.href}
          aria-label={summary}
          data-testid="waterfall-row"
          className={linkClass}
          onClick={(e) => onClick?.(row, e)}
          {...events}
        >
          {body}
        </a>
      ) : (
        <Link
          href={row.href}
          aria-label={summary}
          data-testid="waterfall-row"
          className={linkClass}
          onClick={(e) => onClick?.(row, e)}
          {...events}
        >
          {body}
        </Link>
      )}
    </>
  );
}
