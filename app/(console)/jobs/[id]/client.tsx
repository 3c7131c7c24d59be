"use client";
import { useQueryStates } from "nuqs";
import type { ReactNode } from "react";
import { TranscriptViewer } from "@/components/transcripts/transcript-viewer";
import { cn } from "@/lib/cn";
import type { SpawnChild } from "@/lib/runs/spawns";
import { JOB_TABS, jobSearchParams } from "./search-params";

const LABELS: Record<(typeof JOB_TABS)[number], string> = {
  transcript: "Transcript",
  events: "Raw events",
  facts: "Facts",
};

export function JobTabs({
  project,
  jobId,
  live,
  events,
  facts,
  spawned,
}: {
  project: string;
  jobId: string;
  /** The job is still running: its transcript tails new entries. */
  live: boolean;
  events: ReactNode;
  facts: ReactNode;
  spawned?: Record<string, SpawnChild[]>;
}) {
  const [{ tab }, setParams] = useQueryStates(jobSearchParams);
  return (
    <div>
      <div role="tablist" className="mb-4 flex gap-1 border-b border-border">
        {JOB_TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            data-testid={`tab-${t}`}
            onClick={() => void setParams({ tab: t })}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm",
              tab === t ? "border-accent font-medium text-fg" : "border-transparent text-muted hover:text-fg",
            )}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      {tab === "transcript" ? (
        <TranscriptViewer project={project} jobId={jobId} live={live} spawned={spawned} />
      ) : tab === "events" ? (
        events
      ) : (
        facts
      )}
    </div>
  );
}
