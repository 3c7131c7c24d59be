import { NextResponse } from "next/server";
import { notFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { getIssue } from "@/lib/failures/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId, params }) => {
    const issue = await getIssue({ db, projectId, id: params.id ?? "" });
    if (!issue) throw notFound(`No issue "${params.id}" in this project.`);
    return NextResponse.json(issue);
  },
});
