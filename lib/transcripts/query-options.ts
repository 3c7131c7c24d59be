// React Query options of a job's transcript, shared by the server prefetch and the viewer.
import { getJson } from "@/lib/client/get-json";
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
  return getJson<TranscriptPage>(
    `/api/v1/jobs/${encodeURIComponent(jobId)}/transcript?${params}`,
    "the transcript",
  );
}
