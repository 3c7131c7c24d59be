import { NextResponse } from "next/server";
import { getIssue } from "@/lib/failures/queries";
import { triageSchema } from "@/lib/failures/schemas";
import { applyTriage } from "@/lib/failures/triage";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Resolve, ignore, reopen, assign or note an issue; answers with the issue as it is now. */
export const POST = apiRoute({
  access: "triage",
  body: triageSchema,
  handler: async ({ db, projectId, params, user, actor, body: action }) => {
    const id = params.id ?? "";
    await applyTriage({ db, projectId, issueId: id, userId: user?.id ?? null, actor, action });
    return NextResponse.json(await getIssue({ db, projectId, id }));
  },
});
