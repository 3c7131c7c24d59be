import { NextResponse } from "next/server";
import { getIncident } from "@/lib/alerts/queries";
import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** One incident with its timeline. */
export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId, params }) => {
    const found = await getIncident({ db, projectId, id: params.id ?? "" });
    if (!found) throw notFound(`No incident "${params.id}" in this project.`);
    return NextResponse.json(found);
  },
});
