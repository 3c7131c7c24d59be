// React Query options of a job's transcript, shared by the server prefetch and the viewer.
import type { TranscriptPage } from "./schemas";

export const TRANSCRIPT_PAGE_SIZE = 500;

export function transcriptQueryKey(project: string, jobId: string) {
  return ["transcript", project, jobId] as const;
}

export async function fetchTranscriptPage(
  project: string,
  jobId: string,
  cursor: string | null,
): Promise<TranscriptPage> {
  const params = new URLSearchParams({ project, limit: String(TRANSCRIPT_PAGE_SIZE) });
  if (cursor) params.set("cursor", cursor);
  const res = await fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/transcript?${params}`);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Loading the transcript failed (${res.status})`);
  }
  return (await res.json()) as TranscriptPage;
}
