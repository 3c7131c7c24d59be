import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/route";
import { bulkTriageSchema } from "@/lib/failures/schemas";
import { applyTriage, mergeIssues } from "@/lib/failures/triage";

export const dynamic = "force-dynamic";

/** One triage action on a selection of issues; each change is recorded in its issue's history. */
export const POST = apiRoute({
  access: "triage",
  body: bulkTriageSchema,
  handler: async ({ db, projectId, user, actor, body: { ids, action } }) => {
    if (action.action === "merge") {
      const target = await mergeIssues({ db, projectId, ids, userId: user?.id ?? null, actor });
      return NextResponse.json({ updated: ids.length, merged_into: target });
    }
    for (const issueId of ids) {
      await applyTriage({ db, projectId, issueId, userId: user?.id ?? null, actor, action });
    }
    return NextResponse.json({ updated: ids.length });
  },
});
