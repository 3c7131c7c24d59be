import { Bot, ChevronDown, ChevronRight } from "lucide-react";
import type { DisplayItem } from "@/lib/transcripts/display";

const time = (iso: string) => new Date(iso).toISOString().slice(11, 19);

/** Stands in for the Task/Agent call that started a sub-agent when that call is not in the transcript. */
export function SubAgentNode({
  item,
  collapsed,
  onToggle,
}: {
  item: DisplayItem;
  collapsed: boolean;
  onToggle: (branch: string) => void;
}) {
  const branch = item.startsBranch ?? "";
  return (
    <button
      type="button"
      onClick={() => onToggle(branch)}
      className="flex w-full min-w-0 items-center gap-2 text-left text-xs"
      data-testid="subagent-node"
    >
      <Bot className="size-3.5 shrink-0 text-muted" />
      <span className="inline-flex shrink-0 items-center gap-1 font-medium" data-testid="branch-toggle">
        Sub-agent {branch.slice(0, 12)}
        {collapsed ? <ChevronRight className="size-3.5" /> : <ChevronDown className="size-3.5" />}
      </span>
      <span className="min-w-0 flex-1 truncate text-muted">
        started here; the call that started it is not in this transcript
      </span>
      <time dateTime={item.entry.time} className="shrink-0 font-mono text-[11px] text-muted tabular-nums">
        {time(item.entry.time)}
      </time>
    </button>
  );
}
