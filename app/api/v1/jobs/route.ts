import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: jobsQuerySchema,
  handler: async ({ db, projectId, query }) =>
    NextResponse.json(await listJobs({ db, projectId, filters: query })),
});
