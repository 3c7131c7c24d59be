"use client";
import { diffLines } from "diff";
import { useMemo } from "react";

/** A file edit as a line diff (removed in red, added in green). */
export function DiffView({ before, after, path }: { before: string; after: string; path?: string | null }) {
  const parts = useMemo(() => diffLines(before, after), [before, after]);
  return (
    <div className="overflow-hidden rounded-md border border-border" data-testid="diff-view">
      {path ? (
        <div className="border-b border-border bg-subtle px-3 py-1 font-mono text-[11px] text-muted">
          {path}
        </div>
      ) : null}
      <pre className="overflow-x-auto font-mono text-[12px] leading-relaxed">
        {parts.map((p, i) => {
          const lines = p.value.replace(/\n$/, "").split("\n");
          const cls = p.added
            ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-200"
            : p.removed
              ? "bg-red-50 text-red-900 dark:bg-red-950/60 dark:text-red-200"
              : "text-muted";
          const sign = p.added ? "+" : p.removed ? "-" : " ";
          return lines.map((line, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines of one immutable diff
            <div key={`${i}-${j}`} className={`px-3 ${cls}`}>
              {sign} {line}
            </div>
          ));
        })}
      </pre>
    </div>
  );
}
