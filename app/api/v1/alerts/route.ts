import { NextResponse } from "next/server";
import { getIncidentsBoard } from "@/lib/alerts/board-queries";
import { incidentsBoardQuerySchema } from "@/lib/alerts/incident-schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The Alerts page: incidents of one status (newest first) under the filters, and the count of each status. */
export const GET = apiRoute({
  access: "read",
  query: incidentsBoardQuerySchema,
  handler: async ({ db, projectId, query }) => {
    const { project: _p, ...filters } = query;
    return NextResponse.json(await getIncidentsBoard({ db, projectId, filters }));
  },
});
