"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { Archive } from "lucide-react";
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { SpawnChild } from "@/lib/runs/spawns";
import { buildDisplayItems, contextSeries, findMatches } from "@/lib/transcripts/display";
import { fetchTranscriptPage, transcriptQueryKey } from "@/lib/transcripts/query-options";
import { ChartAreaContext } from "./chart-area-context";
import { EntryCard } from "./entry-card";
import { TranscriptToolbar } from "./transcript-toolbar";
import { useLiveTail } from "./use-live-tail";

/** `live`: the job is still running; entries reported from now on appear as they arrive (use-live-tail.ts). */
export function TranscriptViewer({
  project,
  jobId,
  live = false,
  spawned = {},
}: {
  project: string;
  jobId: string;
  live?: boolean;
  /** Sub-agent jobs started by this job's Task calls, by call id (lib/runs getSpawnLinks). */
  spawned?: Record<string, SpawnChild[]>;
}) {
  const query = useInfiniteQuery({
    queryKey: transcriptQueryKey(project, jobId),
    queryFn: ({ pageParam }) => fetchTranscriptPage(project, jobId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 60_000,
  });
  // Load the rest of a long transcript in the background, page by page.
  useEffect(() => {
    if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [query.hasNextPage, query.isFetchingNextPage, query.fetchNextPage]);
  useLiveTail(project, jobId, live, query.isSuccess && !query.hasNextPage && !query.isFetchingNextPage);

  const entries = useMemo(() => query.data?.pages.flatMap((p) => p.entries) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;
  const removed = query.data?.pages[0]?.removed ?? null;
  const [collapsedBranches, setCollapsedBranches] = useState<Set<string>>(new Set());
  const items = useMemo(() => buildDisplayItems(entries, collapsedBranches), [entries, collapsedBranches]);
  const series = useMemo(() => contextSeries(entries), [entries]);
  const errorIndexes = useMemo(() => items.flatMap((it, i) => (it.isError ? [i] : [])), [items]);

  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [highlight, setHighlight] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search);
  const matches = useMemo(() => findMatches(items, deferredSearch), [items, deferredSearch]);
  const [matchIndex, setMatchIndex] = useState(0);

  const listRef = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    setOffset(listRef.current?.offsetTop ?? 0);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => 44,
    overscan: 12,
    scrollMargin: offset,
    getItemKey: (i) => items[i]?.entry.id ?? i,
  });

  const goTo = useCallback(
    (index: number) => {
      const item = items[index];
      if (!item) return;
      setHighlight(item.entry.id);
      virtualizer.scrollToIndex(index, { align: "center" });
    },
    [items, virtualizer],
  );

  // Deep links: #entry-<id> scrolls to the entry once it is loaded (and expands it).
  const [hash, setHash] = useState<string | null>(null);
  useEffect(() => {
    const read = () =>
      setHash(
        window.location.hash.startsWith("#entry-") ? decodeURIComponent(window.location.hash.slice(7)) : null,
      );
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);
  useEffect(() => {
    if (!hash) return;
    const index = items.findIndex((it) => it.entry.id === hash || it.result?.id === hash);
    if (index === -1) return;
    setExpanded((s) => new Set(s).add(items[index]?.entry.id ?? ""));
    goTo(index);
    setHash(null);
  }, [hash, items, goTo]);

  useEffect(() => {
    setMatchIndex(0);
    if (matches[0] !== undefined) goTo(matches[0]);
  }, [matches, goTo]);

  if (query.isPending) return <div className="h-96 animate-pulse rounded-lg border border-border bg-panel" />;
  if (query.isError)
    return (
      <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
        {query.error.message}
      </p>
    );
  if (removed && total === 0) return <TranscriptRemovedNotice message={removed.message} />;
  if (total === 0)
    return (
      <p className="rounded-lg border border-dashed border-border bg-panel p-10 text-center text-muted">
        This job has no transcript entries yet.
      </p>
    );

  return (
    <div className="rounded-lg border border-border bg-panel shadow-sm" data-testid="transcript">
      {removed ? (
        <p className="border-b border-border px-4 py-2 text-xs text-muted" data-testid="transcript-removed">
          {removed.message}
        </p>
      ) : null}
      <TranscriptToolbar
        query={search}
        onQuery={setSearch}
        matchCount={matches.length}
        matchIndex={matchIndex}
        onStep={(d) => {
          if (!matches.length) return;
          const next = (matchIndex + d + matches.length) % matches.length;
          setMatchIndex(next);
          goTo(matches[next] as number);
        }}
        errorCount={errorIndexes.length}
        onJumpToError={() => errorIndexes[0] !== undefined && goTo(errorIndexes[0])}
        downloadHref={`/api/v1/jobs/${encodeURIComponent(jobId)}/transcript?project=${encodeURIComponent(project)}&download=1`}
        loaded={entries.length}
        total={total}
      />
      {series.length > 1 ? (
        <div className="border-b border-border px-4 py-2">
          <p className="text-[11px] text-muted">Context size per model call</p>
          <ChartAreaContext data={series} />
        </div>
      ) : null}
      <div ref={listRef} style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((v) => {
          const item = items[v.index];
          if (!item) return null;
          const id = item.entry.id;
          return (
            <div
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              style={{
                position: "absolute",
                top: 0,
                left: 0,
                width: "100%",
                transform: `translateY(${v.start - virtualizer.options.scrollMargin}px)`,
              }}
            >
              <EntryCard
                item={item}
                spawned={item.entry.call_id ? spawned[item.entry.call_id] : undefined}
                highlighted={highlight === id}
                expanded={expanded.has(id)}
                onToggle={() =>
                  setExpanded((s) => {
                    const n = new Set(s);
                    if (n.has(id)) n.delete(id);
                    else n.add(id);
                    return n;
                  })
                }
                branchCollapsed={item.startsBranch ? collapsedBranches.has(item.startsBranch) : false}
                onToggleBranch={(b) =>
                  setCollapsedBranches((s) => {
                    const n = new Set(s);
                    if (n.has(b)) n.delete(b);
                    else n.add(b);
                    return n;
                  })
                }
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Where the transcript would be: retention removed it (the job stays longer than its raw events). */
function TranscriptRemovedNotice({ message }: { message: string }) {
  return (
    <div
      className="flex items-start gap-3 rounded-lg border border-dashed border-border bg-panel p-6 text-sm"
      data-testid="transcript-removed"
    >
      <Archive className="mt-0.5 size-4 shrink-0 text-muted" aria-hidden />
      <p className="text-fg">{message}</p>
    </div>
  );
}
