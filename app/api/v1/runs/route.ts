import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { listRuns } from "@/lib/runs-list/queries";
import { runsQuerySchema } from "@/lib/runs-list/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: runsQuerySchema,
  handler: async ({ db, projectId, query }) =>
    NextResponse.json(await listRuns({ db, projectId, filters: query })),
});
