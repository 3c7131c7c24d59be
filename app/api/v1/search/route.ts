import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { rangeFromQuery } from "@/lib/range/resolve";
import { searchQuerySchema } from "@/lib/transcripts/schemas";
import { searchTranscripts } from "@/lib/transcripts/search";

export const dynamic = "force-dynamic";

/** Full-text search across the project's transcripts: matching entries, newest first, a page at a time. */
export const GET = apiRoute({
  access: "read",
  query: searchQuerySchema,
  handler: async ({ db, projectId, query }) => {
    const r = query.range === "all" ? null : rangeFromQuery({ ...query, range: query.range });
    return NextResponse.json(
      await searchTranscripts({
        db,
        projectId,
        query: query.q,
        from: r?.from,
        to: query.range === "custom" ? r?.to : undefined,
        cursor: query.cursor,
        limit: query.limit,
      }),
    );
  },
});
