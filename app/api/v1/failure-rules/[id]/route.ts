import { NextResponse } from "next/server";
import { badRequest } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { deleteRule, updateRule } from "@/lib/failures/rule-queries";
import { rulePatchSchema } from "@/lib/failures/rule-schemas";

export const dynamic = "force-dynamic";

/** Changes a rule's fields (enabled, priority, conditions...) or moves it up or down the order. */
export const PATCH = apiRoute({
  access: "triage",
  handler: async ({ request, db, projectId, params }) => {
    const body = await request.json().catch(() => {
      throw badRequest("The body is not valid JSON.");
    });
    const patch = rulePatchSchema.parse(body);
    return NextResponse.json(await updateRule({ db, projectId, id: params.id ?? "", patch }));
  },
});

export const DELETE = apiRoute({
  access: "triage",
  handler: async ({ db, projectId, params }) => {
    await deleteRule({ db, projectId, id: params.id ?? "" });
    return new NextResponse(null, { status: 204 });
  },
});
