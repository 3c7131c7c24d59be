import { NextResponse } from "next/server";
import { costJobsReport } from "@/lib/costs/queries";
import { costJobsQuerySchema } from "@/lib/costs/schemas";
import { apiRoute } from "@/lib/http/route";
import { resolveRange } from "@/lib/range/range";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: costJobsQuerySchema,
  handler: async ({ db, projectId, query }) => {
    const { agent, model, harness } = query;
    return NextResponse.json(
      await costJobsReport({ db, projectId, range: resolveRange(query), filters: { agent, model, harness } }),
    );
  },
});
