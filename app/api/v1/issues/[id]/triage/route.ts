import { NextResponse } from "next/server";
import { badRequest } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { getIssue } from "@/lib/failures/queries";
import { triageSchema } from "@/lib/failures/schemas";
import { applyTriage } from "@/lib/failures/triage";

export const dynamic = "force-dynamic";

/** Resolve, ignore, reopen, assign or note an issue; answers with the issue as it is now. */
export const POST = apiRoute({
  access: "triage",
  handler: async ({ request, db, projectId, params, user }) => {
    const body = await request.json().catch(() => {
      throw badRequest("The body is not valid JSON.");
    });
    const action = triageSchema.parse(body);
    const id = params.id ?? "";
    await applyTriage({ db, projectId, issueId: id, userId: user?.id ?? null, action });
    return NextResponse.json(await getIssue({ db, projectId, id }));
  },
});
