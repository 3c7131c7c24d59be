import { NextResponse } from "next/server";
import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { getJob } from "@/lib/jobs/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId, params }) => {
    const id = params.id ?? "";
    const found = await getJob({ db, projectId, id });
    if (!found) throw notFound(`No job "${id}" in this project.`);
    return NextResponse.json(found);
  },
});
