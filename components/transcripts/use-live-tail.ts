"use client";
// A running job's transcript grows: once every page is loaded, ask every 2 s for the entries after the last one
// (end_cursor) and append them. When the job ends (a completed/failed/cancelled entry arrives), reload the
// transcript whole (an entry that arrived out of time order is then in its place) and re-render the page's
// server parts (status, outcome, costs).
import { type InfiniteData, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { fetchTranscriptPage, transcriptQueryKey } from "@/lib/transcripts/query-options";
import type { TranscriptPage } from "@/lib/transcripts/schemas";

const TAIL_MS = 2_000;
const ENDED = /^(completed|failed|cancelled)$/;

export function useLiveTail(
  project: string,
  jobId: string,
  live: boolean,
  /** Every page of the transcript is loaded (the tail starts after the last one). */
  loaded: boolean,
) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const busy = useRef(false);
  useEffect(() => {
    if (!live || !loaded) return;
    const key = transcriptQueryKey(project, jobId);
    const tick = async () => {
      if (busy.current || document.hidden) return;
      const data = queryClient.getQueryData<InfiniteData<TranscriptPage, string | null>>(key);
      const cursor = data?.pages.at(-1)?.end_cursor ?? null;
      busy.current = true;
      try {
        const page = await fetchTranscriptPage(project, jobId, cursor);
        if (page.entries.length === 0) return;
        queryClient.setQueryData<InfiniteData<TranscriptPage, string | null>>(key, (old) =>
          old
            ? {
                pages: [...old.pages, { ...page, next_cursor: null }],
                pageParams: [...old.pageParams, cursor],
              }
            : old,
        );
        if (page.entries.some((e) => e.kind === "lifecycle" && ENDED.test(e.role ?? ""))) {
          await queryClient.invalidateQueries({ queryKey: key });
          router.refresh();
        }
      } catch {
        // the next tick tries again (the page shows what it has)
      } finally {
        busy.current = false;
      }
    };
    const timer = setInterval(() => void tick(), TAIL_MS);
    return () => clearInterval(timer);
  }, [live, loaded, project, jobId, queryClient, router]);
}
