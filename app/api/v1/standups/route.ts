import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { getStandup, getStandupView } from "@/lib/standups/queries";
import { standupQuerySchema } from "@/lib/standups/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: standupQuerySchema,
  handler: async ({ db, projectId, query }) => {
    const params = { db, projectId, date: query.date, agent: query.agent ?? null };
    return NextResponse.json(
      query.markdown === false ? await getStandupView(params) : await getStandup(params),
    );
  },
});
