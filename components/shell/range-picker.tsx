"use client";
// The shared range picker: presets, a custom from/to, and auto refresh. State lives in the URL (?range=…),
// so every page that reads it (and the sidebar's links) agree.
import { useQueryClient } from "@tanstack/react-query";
import { CalendarRange, RefreshCw } from "lucide-react";
import { parseAsInteger, parseAsStringLiteral, useQueryState, useQueryStates } from "nuqs";
import { useEffect, useState } from "react";
import { cn } from "@/lib/cn";
import { DEFAULT_RANGE, RANGE_KINDS, RANGE_LABELS, RANGE_PRESETS } from "@/lib/range/range";
import { rangeSearchParams } from "@/lib/range/search-params";

const REFRESH_CHOICES = [0, 30, 60, 300] as const;
/** For pages that can also show everything (?range=all): Jobs and Failures. */
const withAllTime = {
  ...rangeSearchParams,
  range: parseAsStringLiteral([...RANGE_KINDS, "all"] as const).withDefault(DEFAULT_RANGE),
};

function toLocalInput(d: Date | null) {
  if (!d) return "";
  const off = d.getTimezoneOffset() * 60_000;
  return new Date(d.getTime() - off).toISOString().slice(0, 16);
}

export function RangePicker({ className, allTime = false }: { className?: string; allTime?: boolean }) {
  const [{ range, from, to }, setRange] = useQueryStates(allTime ? withAllTime : rangeSearchParams, {
    shallow: false,
  });
  const [refresh, setRefresh] = useQueryState("refresh", parseAsInteger.withDefault(0));
  const [customOpen, setCustomOpen] = useState(range === "custom");
  const [draft, setDraft] = useState({ from: toLocalInput(from), to: toLocalInput(to) });
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!refresh) return;
    const timer = setInterval(() => queryClient.invalidateQueries(), refresh * 1000);
    return () => clearInterval(timer);
  }, [refresh, queryClient]);

  return (
    <div className={cn("flex flex-wrap items-center gap-2", className)} data-testid="range-picker">
      <fieldset className="inline-flex rounded-md border border-border bg-panel p-0.5 shadow-sm">
        <legend className="sr-only">Time range</legend>
        {allTime ? (
          <button
            type="button"
            data-testid="range-all"
            aria-pressed={range === "all"}
            onClick={() => {
              setCustomOpen(false);
              void setRange({ range: "all", from: null, to: null });
            }}
            className={cn(
              "rounded px-2.5 py-1 text-xs font-medium transition",
              range === "all" ? "bg-accent text-accent-fg" : "text-muted hover:bg-subtle hover:text-fg",
            )}
          >
            All time
          </button>
        ) : null}
        {RANGE_PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            title={RANGE_LABELS[p]}
            data-testid={`range-${p}`}
            aria-pressed={range === p}
            onClick={() => {
              setCustomOpen(false);
              void setRange({ range: p, from: null, to: null });
            }}
            className={cn(
              "rounded px-2.5 py-1 text-xs font-medium transition",
              range === p ? "bg-accent text-accent-fg" : "text-muted hover:bg-subtle hover:text-fg",
            )}
          >
            {p}
          </button>
        ))}
        <button
          type="button"
          data-testid="range-custom"
          aria-pressed={range === "custom"}
          onClick={() => setCustomOpen((o) => !o)}
          className={cn(
            "inline-flex items-center gap-1 rounded px-2.5 py-1 text-xs font-medium transition",
            range === "custom" ? "bg-accent text-accent-fg" : "text-muted hover:bg-subtle hover:text-fg",
          )}
        >
          <CalendarRange className="size-3.5" aria-hidden />
          Custom
        </button>
      </fieldset>
      {customOpen && (
        <form
          className="flex items-center gap-1.5 text-xs"
          onSubmit={(e) => {
            e.preventDefault();
            if (!draft.from) return;
            void setRange({
              range: "custom",
              from: new Date(draft.from),
              to: draft.to ? new Date(draft.to) : null,
            });
          }}
        >
          <input
            type="datetime-local"
            aria-label="From"
            data-testid="range-from"
            required
            value={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
            className="rounded-md border border-border bg-panel px-2 py-1"
          />
          <span className="text-muted">to</span>
          <input
            type="datetime-local"
            aria-label="To"
            data-testid="range-to"
            value={draft.to}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
            className="rounded-md border border-border bg-panel px-2 py-1"
          />
          <button
            type="submit"
            data-testid="range-apply"
            className="rounded-md bg-accent px-2.5 py-1 font-medium text-accent-fg"
          >
            Apply
          </button>
        </form>
      )}
      <label className="inline-flex items-center gap-1 text-xs text-muted">
        <RefreshCw
          className={cn("size-3.5", refresh ? "animate-spin [animation-duration:3s]" : "")}
          aria-hidden
        />
        <span className="sr-only">Auto refresh</span>
        <select
          data-testid="auto-refresh"
          value={refresh}
          onChange={(e) => void setRefresh(Number(e.target.value) || null)}
          className="rounded-md border border-border bg-panel px-1.5 py-1 text-xs"
        >
          {REFRESH_CHOICES.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? "Auto refresh off" : s < 60 ? `Every ${s}s` : `Every ${s / 60}m`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
