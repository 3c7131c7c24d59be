import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { csvResponse, matrixCsv, varianceCsv } from "@/lib/models/csv";
import { getModelMatrix } from "@/lib/models/queries";
import { modelsQuerySchema } from "@/lib/models/schemas";
import { rangeFromQuery } from "@/lib/range/resolve";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: modelsQuerySchema,
  handler: async ({ db, projectId, query }) => {
    const range = rangeFromQuery(query);
    const matrix = await getModelMatrix({ db, projectId, range });
    if (query.format === "csv") {
      const day = range.to.toISOString().slice(0, 10);
      return query.table === "variance"
        ? csvResponse(varianceCsv(matrix), `models-variance-${query.range}-${day}.csv`)
        : csvResponse(matrixCsv(matrix), `models-matrix-${query.range}-${day}.csv`);
    }
    return NextResponse.json(matrix);
  },
});
