import { NextResponse } from "next/server";
import { listIssues, resolveFailuresRange } from "@/lib/failures/queries";
import { issuesQuerySchema } from "@/lib/failures/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: issuesQuerySchema,
  handler: async ({ db, projectId, query, user }) =>
    NextResponse.json({
      issues: await listIssues({
        db,
        projectId,
        filters: query,
        bounds: resolveFailuresRange(query),
        userId: user?.id ?? null,
      }),
    }),
});
