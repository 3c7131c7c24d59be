import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { csvResponse } from "@/lib/models/csv";
import { overviewCsv } from "@/lib/overview/csv";
import { getOverview } from "@/lib/overview/queries";
import { overviewQuerySchema } from "@/lib/overview/schemas";
import { rangeFromQuery } from "@/lib/range/resolve";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: overviewQuerySchema,
  handler: async ({ db, projectId, query }) => {
    const overview = await getOverview({ db, projectId, range: rangeFromQuery(query) });
    if (query.format === "csv") {
      return csvResponse(
        overviewCsv(overview),
        `overview-${query.range}-${overview.range.to.slice(0, 10)}.csv`,
      );
    }
    return NextResponse.json(overview);
  },
});
