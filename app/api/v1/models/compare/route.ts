import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { compareSides } from "@/lib/models/compare";
import { compareCsv, csvResponse } from "@/lib/models/csv";
import { compareQuerySchema } from "@/lib/models/schemas";
import { rangeFromQuery } from "@/lib/range/resolve";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: compareQuerySchema,
  handler: async ({ db, projectId, query }) => {
    const range = rangeFromQuery(query);
    const result = await compareSides({ db, projectId, range, query });
    if (query.format === "csv") {
      return csvResponse(compareCsv(result), `compare-${query.a}-vs-${query.b}-${query.range}.csv`);
    }
    return NextResponse.json(result);
  },
});
