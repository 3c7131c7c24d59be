"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
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

/** Transcript entries matching the search, each linking to the entry in its job. */
export function TranscriptHits({ project, q }: { project: string; q: string }) {
  const query = useQuery({
    queryKey: ["search", project, q],
    queryFn: async () => {
      const res = await fetch(`/api/v1/search?${new URLSearchParams({ project, q, limit: "20" })}`);
      if (!res.ok) throw new Error(`Search failed (${res.status})`);
      return ((await res.json()) as { hits: TranscriptSearchHit[] }).hits;
    },
  });
  return (
    <Card className="mb-4" data-testid="transcript-hits">
      <CardHeader
        title={`Transcript entries matching “${q}”`}
        description="Newest first; click to open the entry in its job."
      />
      {query.isPending ? (
        <div className="h-20 animate-pulse" />
      ) : !query.data?.length ? (
        <p className="px-5 py-4 text-sm text-muted">No transcript entry matches.</p>
      ) : (
        <ul className="divide-y divide-border">
          {query.data.map((h) => (
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
    </Card>
  );
}
