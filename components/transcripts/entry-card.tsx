"use client";
import {
  Bot,
  Brain,
  ChevronDown,
  ChevronRight,
  CircleAlert,
  Coins,
  Flag,
  Link2,
  ScrollText,
  User,
  Wrench,
} from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import { formatCost, formatDuration, formatNumber } from "@/lib/format";
import type { SpawnChild } from "@/lib/runs/spawns";
import type { DisplayItem } from "@/lib/transcripts/display";
import type { Usage } from "@/lib/transcripts/schemas";
import { Markdown } from "./markdown";
import { SubAgentNode } from "./sub-agent-node";
import { ToolInput, ToolOutput, toolSummary } from "./tool-io";

type Props = {
  item: DisplayItem;
  expanded: boolean;
  onToggle: () => void;
  branchCollapsed: boolean;
  onToggleBranch: (branch: string) => void;
  highlighted: boolean;
  /** Jobs of their own that this Task call started (sub-agents reported as separate jobs). */
  spawned?: SpawnChild[];
};

const time = (iso: string) => new Date(iso).toISOString().slice(11, 19);

function Header({
  icon,
  label,
  children,
  item,
  tone,
}: {
  icon: ReactNode;
  label: ReactNode;
  children?: ReactNode;
  item: DisplayItem;
  tone?: string;
}) {
  return (
    <div className="flex min-w-0 items-center gap-2 text-xs">
      <span className={cn("shrink-0", tone ?? "text-muted")}>{icon}</span>
      <span className={cn("shrink-0 font-medium", tone)}>{label}</span>
      <span className="min-w-0 flex-1 truncate text-muted">{children}</span>
      <a
        href={`#entry-${item.entry.id}`}
        aria-label="Link to this entry"
        className="shrink-0 text-muted opacity-0 group-hover:opacity-100 hover:text-accent"
      >
        <Link2 className="size-3.5" />
      </a>
      <time dateTime={item.entry.time} className="shrink-0 font-mono text-[11px] text-muted tabular-nums">
        {time(item.entry.time)}
      </time>
    </div>
  );
}

function Toggle({ open }: { open: boolean }) {
  return open ? <ChevronDown className="size-3.5" /> : <ChevronRight className="size-3.5" />;
}

export function EntryCard({
  item,
  expanded,
  onToggle,
  branchCollapsed,
  onToggleBranch,
  highlighted,
  spawned,
}: Props) {
  const { entry: e, result } = item;
  const body = (() => {
    if (item.synthetic)
      return <SubAgentNode item={item} collapsed={branchCollapsed} onToggle={onToggleBranch} />;
    switch (e.kind) {
      case "message": {
        const user = e.role === "user";
        return (
          <>
            <Header
              item={item}
              icon={user ? <User className="size-3.5" /> : <Bot className="size-3.5" />}
              label={user ? "User" : e.role === "system" ? "System" : "Assistant"}
            />
            {e.text ? (
              <div className="mt-1.5 pl-5">
                <Markdown text={e.text} />
              </div>
            ) : null}
          </>
        );
      }
      case "thinking":
        return (
          <button type="button" onClick={onToggle} className="w-full text-left" data-testid="thinking-toggle">
            <Header
              item={item}
              icon={<Brain className="size-3.5" />}
              label={
                <span className="inline-flex items-center gap-1">
                  Thinking <Toggle open={expanded} />
                </span>
              }
            >
              {expanded ? null : e.text?.slice(0, 140)}
            </Header>
            {expanded && e.text ? (
              <p className="mt-1.5 pl-5 text-sm whitespace-pre-wrap text-muted italic">{e.text}</p>
            ) : null}
          </button>
        );
      case "tool_call":
      case "tool_result": {
        const error = item.isError;
        const duration =
          result?.content && typeof (result.content as { duration_ms?: unknown }).duration_ms === "number"
            ? (result.content as { duration_ms: number }).duration_ms
            : null;
        return (
          <>
            <button type="button" onClick={onToggle} className="w-full text-left" data-testid="tool-toggle">
              <Header
                item={item}
                icon={error ? <CircleAlert className="size-3.5" /> : <Wrench className="size-3.5" />}
                tone={error ? "text-red-600 dark:text-red-400" : undefined}
                label={
                  <span className="inline-flex items-center gap-1 font-mono">
                    {e.tool ?? "tool"} <Toggle open={expanded} />
                  </span>
                }
              >
                <span className="font-mono">{toolSummary(e.tool, e.content)}</span>
                {result ? (error ? " · failed" : "") : e.kind === "tool_call" ? " · no result" : ""}
                {duration !== null ? ` · ${formatDuration(duration)}` : ""}
              </Header>
            </button>
            {expanded ? (
              <div className="mt-2 space-y-2 pl-5" data-testid="tool-details">
                {e.kind === "tool_call" ? <ToolInput tool={e.tool} input={e.content} /> : null}
                {result || e.kind === "tool_result" ? (
                  <div>
                    <p className="mb-1 text-[11px] font-medium text-muted uppercase">
                      Output
                      {(result ?? e).truncated_from
                        ? ` (truncated from ${formatNumber((result ?? e).truncated_from)} bytes)`
                        : ""}
                    </p>
                    <ToolOutput text={(result ?? e).text} content={(result ?? e).content} isError={error} />
                  </div>
                ) : null}
              </div>
            ) : null}
            {spawned?.map((child) => (
              <Link
                key={child.id}
                href={`/jobs/${encodeURIComponent(child.id)}`}
                className="mt-1.5 ml-5 inline-flex max-w-full items-center gap-1 rounded border border-border px-1.5 py-0.5 text-[11px] text-accent hover:underline"
                data-testid="spawned-job-link"
              >
                <Bot className="size-3.5 shrink-0" />
                <span className="truncate">
                  Sub-agent job: {child.title ?? child.external_id}
                  {child.agent ? ` (${child.agent})` : ""}
                </span>
              </Link>
            ))}
            {item.startsBranch ? (
              <button
                type="button"
                onClick={() => onToggleBranch(item.startsBranch as string)}
                className="mt-1.5 ml-5 inline-flex items-center gap-1 rounded border border-border px-1.5 py-0.5 text-[11px] text-muted hover:text-fg"
                data-testid="branch-toggle"
              >
                <Toggle open={!branchCollapsed} /> Sub-agent {item.startsBranch.slice(0, 12)}
              </button>
            ) : null}
          </>
        );
      }
      case "usage": {
        const u = e.usage;
        return (
          <Header
            item={item}
            icon={<Coins className="size-3.5" />}
            label={<span className="font-mono">{u?.model ?? "usage"}</span>}
          >
            {u ? <UsageFigures usage={u} /> : null}
            <span className="ml-2 text-[11px]" data-testid="usage-total">
              (total {formatNumber(item.totals.tokens)} tok · {formatCost(item.totals.costUsd)}
              {item.totals.unpriced > 0 ? ` + ${item.totals.unpriced} unpriced` : ""})
            </span>
          </Header>
        );
      }
      case "log":
        return (
          <Header
            item={item}
            icon={<ScrollText className="size-3.5" />}
            tone={item.isError ? "text-red-600 dark:text-red-400" : undefined}
            label={e.role ?? "log"}
          >
            {e.text}
          </Header>
        );
      default: {
        const failed = e.is_error === true;
        return (
          <Header
            item={item}
            icon={<Flag className="size-3.5" />}
            tone={failed ? "text-red-600 dark:text-red-400" : undefined}
            label={lifecycleLabel(e.role)}
          >
            {e.text}
          </Header>
        );
      }
    }
  })();
  return (
    <div
      id={`entry-${e.id}`}
      data-testid="transcript-entry"
      data-kind={e.kind}
      data-error={item.isError || undefined}
      className={cn(
        "group relative border-b border-border px-4 py-2.5",
        item.isError && "bg-red-50/60 dark:bg-red-950/20",
        highlighted && "ring-2 ring-accent ring-inset",
      )}
      style={{ paddingLeft: `${1 + item.depth * 1.5}rem` }}
    >
      {item.depth > 0 ? (
        <span
          className="absolute top-0 bottom-0 border-l-2 border-accent/30"
          style={{ left: `${0.5 + (item.depth - 1) * 1.5 + 0.6}rem` }}
        />
      ) : null}
      {item.gapMs ? (
        <p className="mb-1 text-[10px] text-muted">… {formatDuration(item.gapMs)} later</p>
      ) : null}
      {body}
    </div>
  );
}

function lifecycleLabel(role: string | null): string {
  return role ? `Job ${role}` : "Job";
}

/** One model call's tokens (cache reads and writes included) and its cost, saying where the cost comes from. */
function UsageFigures({ usage: u }: { usage: Usage }) {
  return (
    <span data-testid="usage-figures">
      {formatNumber(u.input_tokens)} in · {formatNumber(u.output_tokens)} out ·{" "}
      {formatNumber(u.cache_read_tokens)} cache read · {formatNumber(u.cache_write_tokens)} cache write
      {u.cost_source === "reported" ? ` · ${formatCost(u.cost_usd)}` : null}
      {u.cost_source === "computed" ? (
        <span title="The runner reported no cost: priced with the price table (Settings > Prices)">
          {` · ${formatCost(u.computed_cost_usd)} `}
          <span className="rounded bg-subtle px-1 text-[10px] uppercase tracking-wide">computed</span>
        </span>
      ) : null}
      {u.cost_source === "unpriced" ? (
        <span
          className="text-amber-700 dark:text-amber-400"
          title="No cost reported and no price for this model: add one in Settings > Prices"
        >
          {" · unpriced"}
        </span>
      ) : null}
    </span>
  );
}
