import { NextResponse } from "next/server";
import { failureClasses } from "@/lib/failures/class-queries";
import { resolveFailuresRange } from "@/lib/failures/queries";
import { failureClassesQuerySchema } from "@/lib/failures/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The failures page's chart and breakdown: failed jobs per class for the same filters as GET /api/v1/issues. */
export const GET = apiRoute({
  access: "read",
  query: failureClassesQuerySchema,
  handler: async ({ db, projectId, query, user }) => {
    const bounds = resolveFailuresRange(query);
    return NextResponse.json(
      await failureClasses({ db, projectId, bounds, filters: query, userId: user?.id ?? null }),
    );
  },
});
