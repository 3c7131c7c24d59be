// The job page's "Timeline" section: a waterfall of the job's tool calls. A server component: it reads the
// calls (lib/transcripts/tool-timeline.ts) and hands them to the client panel.
import type { DbOrTx } from "@/db/client";
import { getToolTimeline } from "@/lib/transcripts/tool-timeline";
import { JobTimelinePanel } from "./job-timeline-panel";

export async function JobTimeline({
  db,
  projectId,
  jobId,
}: {
  db: DbOrTx;
  projectId: string;
  jobId: string;
}) {
  const timeline = await getToolTimeline({ db, projectId, jobId });
  // a job without tool calls (a chat, a job still queued) has nothing to draw: no empty card
  if (timeline.calls.length === 0) return null;
  return <JobTimelinePanel calls={timeline.calls} truncated={timeline.truncated} />;
}
