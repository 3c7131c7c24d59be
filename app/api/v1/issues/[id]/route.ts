import { NextResponse } from "next/server";
import { getIssue } from "@/lib/failures/queries";
import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId, params }) => {
    const issue = await getIssue({ db, projectId, id: params.id ?? "" });
    if (!issue) throw notFound(`No issue "${params.id}" in this project.`);
    return NextResponse.json(issue);
  },
});
