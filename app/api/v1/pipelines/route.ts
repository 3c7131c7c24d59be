import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { getPipelines } from "@/lib/pipelines/queries";
import { pipelinesQuerySchema } from "@/lib/pipelines/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: pipelinesQuerySchema,
  handler: async ({ db, projectId, query }) =>
    NextResponse.json(await getPipelines({ db, projectId, range: query })),
});
