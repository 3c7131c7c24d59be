import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { getStandup } from "@/lib/standups/queries";
import { standupQuerySchema } from "@/lib/standups/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: standupQuerySchema,
  handler: async ({ db, projectId, query }) =>
    NextResponse.json(await getStandup({ db, projectId, date: query.date, agent: query.agent ?? null })),
});
