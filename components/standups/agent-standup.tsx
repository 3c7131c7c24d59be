import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import type { AgentStandup } from "@/lib/standups/schemas";
import { AgentSections } from "./agent-sections";

/** One agent's day: a heading with the day in a few words, then its sections (folded past 8 lines). */
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
      {standup.quiet ? null : <AgentSections sections={standup.sections} />}
    </article>
  );
}
