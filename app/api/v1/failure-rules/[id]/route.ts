import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/route";
import { deleteRule, updateRule } from "@/lib/failures/rule-queries";
import { rulePatchSchema } from "@/lib/failures/rule-schemas";

export const dynamic = "force-dynamic";

/** Changes a rule's fields (enabled, priority, conditions...) or moves it up or down the order. */
export const PATCH = apiRoute({
  access: "triage",
  body: rulePatchSchema,
  handler: async ({ db, projectId, params, body }) =>
    NextResponse.json(await updateRule({ db, projectId, id: params.id ?? "", patch: body })),
});

export const DELETE = apiRoute({
  access: "triage",
  handler: async ({ db, projectId, params }) => {
    await deleteRule({ db, projectId, id: params.id ?? "" });
    return new NextResponse(null, { status: 204 });
  },
});
