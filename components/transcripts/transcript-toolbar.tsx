"use client";
import { ChevronDown, ChevronUp, CircleAlert, Download, Search } from "lucide-react";
import { Button } from "@/components/ui/button";

type Props = {
  query: string;
  onQuery: (q: string) => void;
  matchCount: number;
  matchIndex: number;
  onStep: (delta: 1 | -1) => void;
  errorCount: number;
  onJumpToError: () => void;
  downloadHref: string;
  loaded: number;
  total: number;
};

export function TranscriptToolbar(p: Props) {
  return (
    <div className="sticky top-14 z-10 flex flex-wrap items-center gap-2 border-b border-border bg-panel/95 px-4 py-2 backdrop-blur">
      <div className="relative">
        <Search className="pointer-events-none absolute top-2 left-2 size-3.5 text-muted" />
        <input
          type="search"
          data-testid="transcript-search"
          placeholder="Search this transcript"
          value={p.query}
          onChange={(e) => p.onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") p.onStep(e.shiftKey ? -1 : 1);
          }}
          className="h-8 w-64 rounded-md border border-border bg-panel pr-2 pl-7 text-sm outline-none focus:border-accent"
        />
      </div>
      {p.query ? (
        <span className="text-xs text-muted tabular-nums" data-testid="search-count">
          {p.matchCount ? `${p.matchIndex + 1} of ${p.matchCount}` : "no match"}
        </span>
      ) : null}
      <Button
        variant="ghost"
        size="sm"
        aria-label="Previous match"
        onClick={() => p.onStep(-1)}
        disabled={!p.matchCount}
      >
        <ChevronUp className="size-4" />
      </Button>
      <Button
        variant="ghost"
        size="sm"
        aria-label="Next match"
        data-testid="search-next"
        onClick={() => p.onStep(1)}
        disabled={!p.matchCount}
      >
        <ChevronDown className="size-4" />
      </Button>
      <div className="flex-1" />
      <span className="text-xs text-muted" data-testid="transcript-loaded">
        {p.loaded < p.total
          ? `${p.loaded.toLocaleString("en-US")} of ${p.total.toLocaleString("en-US")} entries loaded`
          : `${p.total.toLocaleString("en-US")} entries`}
      </span>
      <Button
        variant="secondary"
        size="sm"
        onClick={p.onJumpToError}
        disabled={!p.errorCount}
        data-testid="jump-to-error"
      >
        <CircleAlert className="size-3.5" /> First error{p.errorCount ? ` (${p.errorCount})` : ""}
      </Button>
      <a
        href={p.downloadHref}
        className="inline-flex h-7 items-center gap-1 rounded-md border border-border px-2.5 text-xs hover:bg-subtle"
        data-testid="download-transcript"
      >
        <Download className="size-3.5" /> JSON
      </a>
    </div>
  );
}
