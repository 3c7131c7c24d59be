import { NextResponse } from "next/server";
import { incidentsQuerySchema } from "@/lib/alerts/api-schemas";
import { listIncidents } from "@/lib/alerts/queries";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Incidents of the project (open first), filtered by status, severity and rule, with counts by status. */
export const GET = apiRoute({
  access: "read",
  query: incidentsQuerySchema,
  handler: async ({ db, projectId, query }) =>
    NextResponse.json(await listIncidents({ db, projectId, query })),
});
