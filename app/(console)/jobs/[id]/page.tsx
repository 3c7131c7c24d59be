import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JobEvents } from "@/components/jobs/job-events";
import { JobFacts } from "@/components/jobs/job-facts";
import { JobGlance } from "@/components/jobs/job-glance";
import { JobOutcome } from "@/components/jobs/job-outcome";
import { JobStalled } from "@/components/jobs/job-stalled";
import { JobTimeline } from "@/components/jobs/job-timeline";
import { StatusBadge } from "@/components/jobs/status-badge";
import { RunLinks } from "@/components/runs/run-links";
import { RunTree } from "@/components/runs/run-tree";
import { Waterfall } from "@/components/runs/waterfall";
import { getReadDb } from "@/db/read";
import { lookupKeyFromSegment } from "@/lib/agents/format";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getJob } from "@/lib/jobs/queries";
import { getCurrentProject } from "@/lib/projects/current";
import { makeServerQueryClient } from "@/lib/query-client";
import { getRun, getSpawnLinks } from "@/lib/runs/queries";
import { runWaterfall } from "@/lib/runs/waterfall-rows";
import { getTranscriptPage } from "@/lib/transcripts/queries";
import { TRANSCRIPT_PAGE_SIZE, transcriptQueryKey } from "@/lib/transcripts/query-options";
import { JobTabs } from "./client";

export const metadata: Metadata = { title: "Job" };

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  // a segment that cannot be a job id, or no job's id: the console's not-found page (404)
  const key = lookupKeyFromSegment(id);
  const job = key ? await getJob({ db, projectId: current.id, id: key }) : null;
  if (!job) notFound();
  const [fullRun, spawns] = await Promise.all([
    getRun({ db, projectId: current.id, id: job.id }),
    getSpawnLinks({ db, projectId: current.id, job }),
  ]);
  // a job alone (no parent, children or retries) has no run to show
  const run = fullRun && fullRun.nodes.length > 1 ? fullRun : null;
  const parentId = spawns.parent?.id ?? null;
  const children = run?.nodes.filter((n) => n.parent_external_id === job.external_id).length ?? 0;
  const queryClient = makeServerQueryClient();
  await queryClient.prefetchInfiniteQuery({
    queryKey: transcriptQueryKey(current.slug, job.id),
    queryFn: () =>
      getTranscriptPage({ db, projectId: current.id, jobId: job.id, limit: TRANSCRIPT_PAGE_SIZE }),
    initialPageParam: null as string | null,
  });
  return (
    <div className="space-y-5">
      <div>
        <Link href="/jobs" className="inline-flex items-center gap-1 text-xs text-muted hover:text-fg">
          <ChevronLeft className="size-3.5" /> Jobs
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold tracking-tight" data-testid="job-title">
            {job.title ?? job.external_id}
          </h1>
          <StatusBadge status={job.status} stalled={job.stalled} />
        </div>
        <p className="mt-1 font-mono text-xs text-muted" data-testid="job-external-id">
          {job.external_id}
          {job.agent ? ` · ${job.agent}` : ""}
          {job.model ? ` · ${job.model}` : ""}
        </p>
        <JobGlance job={job} />
        <RunLinks
          jobExternalId={job.external_id}
          parentJob={job.parent_job}
          run={run}
          parent={spawns.parent}
          startedBy={spawns.startedBy}
        />
      </div>
      {job.stalled ? (
        <JobStalled job={job} now={Date.now()} who={can(user.role, "triage") ? user.email : null} />
      ) : null}
      <JobOutcome job={job} />
      {run ? (
        <RunTree
          run={run}
          current={job.external_id}
          waterfall={<Waterfall rows={runWaterfall(run)} cap={30} aria-label="The run's jobs over time" />}
        />
      ) : null}
      <JobTimeline db={db} projectId={current.id} jobId={job.id} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <JobTabs
          project={current.slug}
          jobId={job.id}
          live={job.status === "running" || job.status === "queued"}
          events={<JobEvents job={job} />}
          facts={<JobFacts job={job} parentId={parentId} childCount={children} />}
          spawned={spawns.byCall}
        />
      </HydrationBoundary>
    </div>
  );
}
