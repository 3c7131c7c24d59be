"use client";
import { useState } from "react";
import { cn } from "@/lib/cn";
import { COLLAPSE_AFTER, foldSections } from "@/lib/standups/collapse";
import type { SectionKey, StandupSection } from "@/lib/standups/schemas";
import { lineKey, StandupLineView } from "./standup-line";

const DOTS: Record<SectionKey, string> = {
  done: "bg-emerald-500",
  problems: "bg-red-500",
  blocked: "bg-amber-500",
  open: "bg-orange-300",
  spend: "bg-slate-400",
  next: "bg-indigo-400",
};

/** An agent's sections as labelled lists, folded to COLLAPSE_AFTER lines until the reader asks for all. */
export function AgentSections({ sections }: { sections: StandupSection[] }) {
  const [expanded, setExpanded] = useState(false);
  const folded = foldSections(sections);
  const total = sections.reduce((n, s) => n + s.lines.length, 0);
  const shown = expanded ? sections.map((s) => ({ ...s, hidden: 0 })) : folded.sections;
  return (
    <>
      <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[5.5rem_1fr]">
        {shown.map((s) => (
          <div key={s.key} className="contents" data-testid={`section-${s.key}`}>
            <dt className="flex items-center gap-1.5 self-start pt-[3px] text-[11px] font-semibold uppercase tracking-wider text-muted">
              <span className={cn("size-1.5 rounded-full", DOTS[s.key])} />
              {s.title}
            </dt>
            <dd>
              <ul className="space-y-1">
                {s.lines.map((l) => (
                  <StandupLineView key={lineKey(l)} line={l} />
                ))}
              </ul>
              {s.hidden > 0 ? (
                <p className="mt-1 text-xs text-muted" data-testid="section-hidden">
                  + {s.hidden} more
                </p>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      {folded.hidden > 0 ? (
        <button
          type="button"
          data-testid="agent-show-all"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
          className="mt-3 text-xs font-medium text-accent hover:underline sm:ml-[7rem]"
        >
          {expanded ? `Show the first ${COLLAPSE_AFTER} lines` : `Show all ${total} lines`}
        </button>
      ) : null}
    </>
  );
}
