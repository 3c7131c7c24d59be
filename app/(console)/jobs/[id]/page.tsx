import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JobEvents } from "@/components/jobs/job-events";
import { JobFacts } from "@/components/jobs/job-facts";
import { JobOutcome } from "@/components/jobs/job-outcome";
import { StatusBadge } from "@/components/jobs/status-badge";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { getJob } from "@/lib/jobs/queries";
import { getCurrentProject } from "@/lib/projects/current";

export const metadata: Metadata = { title: "Job" };

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const job = await getJob({ db, projectId: current.id, id: decodeURIComponent(id) });
  if (!job) notFound();
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
        </p>
      </div>
      <JobOutcome job={job} />
      <JobFacts job={job} />
      <JobEvents job={job} />
    </div>
  );
}
