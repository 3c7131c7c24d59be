import { NextResponse } from "next/server";
import { costsReport, scopeProjects } from "@/lib/costs/queries";
import { costsQuerySchema } from "@/lib/costs/schemas";
import { apiRoute } from "@/lib/http/route";
import { resolveRange } from "@/lib/range/range";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: costsQuerySchema,
  handler: async ({ db, projectId, query, user }) => {
    const range = resolveRange(query);
    const { agent, model, harness } = query;
    return NextResponse.json(
      await costsReport({
        db,
        projects: await scopeProjects({ db, projectId, groupBy: query.group_by, user }),
        range,
        bucket: query.bucket ?? range.bucket,
        groupBy: query.group_by,
        filters: { agent, model, harness },
      }),
    );
  },
});
