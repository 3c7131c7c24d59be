import { NextResponse } from "next/server";
import { nameFromSegment } from "@/lib/agents/format";
import { getAgent } from "@/lib/agents/queries";
import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId, params }) => {
    const name = nameFromSegment(params.name ?? "");
    const agent = await getAgent({ db, projectId, name });
    if (!agent) throw notFound(`No agent "${name}" in this project.`);
    return NextResponse.json(agent);
  },
});
