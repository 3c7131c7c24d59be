import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import type { AgentStandup, SectionKey } from "@/lib/standups/schemas";
import { lineKey, StandupLineView } from "./standup-line";

const DOTS: Record<SectionKey, string> = {
  done: "bg-emerald-500",
  problems: "bg-red-500",
  blocked: "bg-amber-500",
  spend: "bg-slate-400",
  next: "bg-indigo-400",
};

/** One agent's day: a heading with the day in a few words, then its sections as labelled lists. */
export function AgentStandupView({
  standup,
  heading = "h3",
  title,
  className,
}: {
  standup: AgentStandup;
  heading?: "h2" | "h3";
  /** Replaces the agent's name as the heading (the agent page titles each day instead). */
  title?: ReactNode;
  className?: string;
}) {
  const H = heading;
  return (
    <article className={cn("py-5", className)} data-testid="agent-standup" data-agent={standup.agent}>
      <header className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <H className="text-[15px] font-semibold tracking-tight">
          {title ?? standup.agent}
          {standup.role && !title ? (
            <span className="ml-2 text-sm font-normal text-muted">{standup.role}</span>
          ) : null}
        </H>
        <p className="text-xs text-muted tabular-nums" data-testid="agent-headline">
          {standup.headline}
        </p>
      </header>
      {standup.quiet ? null : (
        <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[5.5rem_1fr]">
          {standup.sections.map((s) => (
            <div key={s.key} className="contents" data-testid={`section-${s.key}`}>
              <dt className="flex items-center gap-1.5 pt-[3px] text-[11px] font-semibold uppercase tracking-wider text-muted">
                <span className={cn("size-1.5 rounded-full", DOTS[s.key])} />
                {s.title}
              </dt>
              <dd>
                <ul className="space-y-1">
                  {s.lines.map((l) => (
                    <StandupLineView key={lineKey(l)} line={l} />
                  ))}
                </ul>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </article>
  );
}
