import { NextResponse } from "next/server";
import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { getRun } from "@/lib/runs/queries";

export const dynamic = "force-dynamic";

/** The run a job belongs to: its tree with roll-ups (the job given by Fleetwatch's id or the runner's id). */
export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId, params }) => {
    const id = params.id ?? "";
    const run = await getRun({ db, projectId, id });
    if (!run) throw notFound(`No job "${id}" in this project.`);
    return NextResponse.json(run);
  },
});
