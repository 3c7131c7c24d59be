"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import type { TranscriptSearchHit } from "@/lib/transcripts/schemas";

/** Shows a snippet with the matched words (between « and ») emphasised, as text. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(/(«[^»]*»)/g);
  return (
    <span>
      {parts.map((p, i) =>
        p.startsWith("«") ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable snippet
          <mark key={i} className="rounded bg-amber-200/70 px-0.5 text-fg dark:bg-amber-500/30">
            {p.slice(1, -1)}
          </mark>
        ) : (
          p
        ),
      )}
    </span>
  );
}

type SearchPage = { hits: TranscriptSearchHit[]; next_cursor: string | null };
type Range = { range: string; from?: string; to?: string };

async function fetchHits(project: string, q: string, range: Range, cursor: string | null) {
  const params = new URLSearchParams({ project, q, limit: "20", range: range.range });
  if (range.from) params.set("from", range.from);
  if (range.to) params.set("to", range.to);
  if (cursor) params.set("cursor", cursor);
  const res = await fetch(`/api/v1/search?${params}`);
  if (!res.ok) {
    // e.g. 503 query_timeout: "The search took too long; narrow the range or the words."
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Search failed (${res.status})`);
  }
  return (await res.json()) as SearchPage;
}

/** Transcript entries matching the search in the page's range, each linking to the entry in its job. */
export function TranscriptHits({ project, q, range }: { project: string; q: string; range: Range }) {
  const query = useInfiniteQuery({
    queryKey: ["search", project, q, range],
    queryFn: ({ pageParam }) => fetchHits(project, q, range, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    retry: false,
  });
  const hits = query.data?.pages.flatMap((p) => p.hits) ?? [];
  return (
    <Card className="mb-4" data-testid="transcript-hits">
      <CardHeader
        title={`Transcript entries matching “${q}”`}
        description="Newest first; click to open the entry in its job."
      />
      {query.isPending ? (
        <div className="h-20 animate-pulse" data-testid="transcript-hits-loading" />
      ) : query.isError ? (
        <p
          role="alert"
          className="px-5 py-4 text-sm text-red-700 dark:text-red-300"
          data-testid="search-error"
        >
          {query.error.message}
        </p>
      ) : hits.length === 0 ? (
        <p className="px-5 py-4 text-sm text-muted">No transcript entry matches.</p>
      ) : (
        <ul className="divide-y divide-border">
          {hits.map((h) => (
            <li key={`${h.job_id}-${h.entry_id}`}>
              <Link
                href={`/jobs/${h.job_id}#entry-${encodeURIComponent(h.entry_id)}`}
                className="block px-5 py-2.5 hover:bg-subtle"
                data-testid="transcript-hit"
              >
                <span className="flex items-center gap-2 text-xs text-muted">
                  <span className="font-medium text-fg">{h.job_title ?? h.job_external_id}</span> · {h.kind} ·{" "}
                  <RelativeTime iso={h.time} />
                </span>
                <span className="mt-0.5 block truncate font-mono text-xs">
                  <Snippet text={h.snippet} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {query.hasNextPage ? (
        <div className="border-t border-border px-5 py-2">
          <Button
            variant="secondary"
            size="sm"
            data-testid="more-hits"
            disabled={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {query.isFetchingNextPage ? "Loading…" : "More matches"}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
