import { NextResponse } from "next/server";
import { listAgents } from "@/lib/agents/queries";
import { agentsQuerySchema } from "@/lib/agents/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: agentsQuerySchema,
  handler: async ({ db, projectId, query }) =>
    NextResponse.json(await listAgents({ db, projectId, status: query.status, limit: query.limit })),
});
