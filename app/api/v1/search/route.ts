import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/route";
import { searchTranscripts } from "@/lib/transcripts/queries";
import { searchQuerySchema } from "@/lib/transcripts/schemas";

export const dynamic = "force-dynamic";

/** Full-text search across the project's transcripts: matching entries, newest first. */
export const GET = apiRoute({
  access: "read",
  query: searchQuerySchema,
  handler: async ({ db, projectId, query }) =>
    NextResponse.json({
      hits: await searchTranscripts({ db, projectId, query: query.q, limit: query.limit }),
    }),
});
