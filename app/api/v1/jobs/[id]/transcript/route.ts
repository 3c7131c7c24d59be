import { NextResponse } from "next/server";
import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { findJobId } from "@/lib/jobs/queries";
import { getFullTranscript, getTranscriptPage } from "@/lib/transcripts/queries";
import { transcriptQuerySchema } from "@/lib/transcripts/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: transcriptQuerySchema.extend({
    download: transcriptQuerySchema.shape.cursor.describe("Any value: the whole transcript as a JSON file"),
  }),
  handler: async ({ db, projectId, params, query }) => {
    const id = params.id ?? "";
    const jobId = await findJobId({ db, projectId, id });
    if (!jobId) throw notFound(`No job "${id}" in this project.`);
    if (query.download !== undefined) {
      const entries = await getFullTranscript({ db, projectId, jobId });
      return new NextResponse(JSON.stringify({ job_id: jobId, entries }, null, 2), {
        headers: {
          "content-type": "application/json",
          "content-disposition": `attachment; filename="transcript-${jobId}.json"`,
        },
      });
    }
    return NextResponse.json(
      await getTranscriptPage({ db, projectId, jobId, cursor: query.cursor, limit: query.limit }),
    );
  },
});
