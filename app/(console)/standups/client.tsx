"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useState, useTransition } from "react";
import { CopyMarkdown } from "@/components/standups/copy-markdown";
import { DayPicker } from "@/components/standups/day-picker";
import { ProseButton, ProsePanel } from "@/components/standups/prose-panel";
import { StandupView } from "@/components/standups/standup-view";
import { Select } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { rewriteAsProseAction } from "@/lib/standups/actions";
import { standupToMarkdown } from "@/lib/standups/markdown";
import { fetchStandup, standupQueryKey } from "@/lib/standups/query-options";
import { standupsSearchParams } from "./search-params";

type Prose = { key: string; text: string | null; error: string | null };

export function StandupsClient({
  project,
  today,
  defaultDate,
  agents,
  baseUrl,
  proseModel,
}: {
  project: string;
  today: string;
  defaultDate: string;
  agents: string[];
  baseUrl: string | null;
  proseModel: string | null;
}) {
  const [p, setP] = useQueryStates(standupsSearchParams);
  const date = p.date ?? defaultDate;
  const agent = p.agent;
  const query = useQuery({
    queryKey: standupQueryKey(project, date, agent),
    queryFn: () => fetchStandup(project, date, agent),
    placeholderData: keepPreviousData,
  });
  const [prose, setProse] = useState<Prose | null>(null);
  const [pending, startTransition] = useTransition();
  const proseKey = `${date}|${agent ?? ""}`;
  const shownProse = prose?.key === proseKey ? prose : null;

  const rewrite = () =>
    startTransition(async () => {
      setProse({ key: proseKey, text: null, error: null });
      const r = await rewriteAsProseAction({ date, agent }).catch((e: Error) => ({
        ok: false as const,
        error: e.message,
      }));
      setProse({ key: proseKey, text: r.ok ? r.prose : null, error: r.ok ? null : r.error });
    });

  return (
    <div className="mx-auto max-w-6xl">
      <div className="mb-5 flex flex-wrap items-center gap-2">
        <DayPicker
          value={date}
          today={today}
          onChange={(d) => void setP({ date: d === defaultDate ? null : d })}
        />
        <Select
          aria-label="Agent"
          data-testid="filter-agent"
          className="max-w-56"
          value={agent ?? ""}
          onChange={(e) => void setP({ agent: e.target.value || null })}
        >
          <option value="">All agents</option>
          {agent && !agents.includes(agent) ? <option value={agent}>{agent}</option> : null}
          {agents.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
        <div className="ml-auto flex items-center gap-2">
          {proseModel && query.data ? <ProseButton pending={pending} onClick={rewrite} /> : null}
          {query.data ? (
            <CopyMarkdown
              markdown={() =>
                standupToMarkdown(query.data.standup, { baseUrl: baseUrl ?? window.location.origin })
              }
            />
          ) : null}
        </div>
      </div>
      {query.isError ? (
        <p
          role="alert"
          data-testid="standup-error"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
        >
          {query.error.message}
        </p>
      ) : query.data ? (
        <div
          className={cn(
            "transition-opacity",
            query.isPlaceholderData && "opacity-60",
            shownProse && proseModel && "grid items-start gap-5 xl:grid-cols-2",
          )}
        >
          {shownProse && proseModel ? (
            <ProsePanel model={proseModel} prose={shownProse.text} error={shownProse.error} />
          ) : null}
          <StandupView standup={query.data.standup} />
        </div>
      ) : (
        <div className="h-64 animate-pulse rounded-lg border border-border bg-panel" />
      )}
    </div>
  );
}
