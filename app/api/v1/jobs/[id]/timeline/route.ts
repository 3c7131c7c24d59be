import { NextResponse } from "next/server";
import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { findJobId } from "@/lib/jobs/queries";
import { getToolTimeline } from "@/lib/transcripts/tool-timeline";

export const dynamic = "force-dynamic";

/** A job's tool calls with their start, end, duration and outcome (the job page's Timeline). */
export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId, params }) => {
    const id = params.id ?? "";
    const jobId = await findJobId({ db, projectId, id });
    if (!jobId) throw notFound(`No job "${id}" in this project.`);
    return NextResponse.json(await getToolTimeline({ db, projectId, jobId }));
  },
});
