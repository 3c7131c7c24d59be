import { NextResponse } from "next/server";
import { bulkTriageSchema } from "@/lib/failures/schemas";
import { applyTriage, mergeIssues } from "@/lib/failures/triage";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** One triage action on a selection of issues, all or nothing; each change is recorded in its issue's history. */
export const POST = apiRoute({
  access: "triage",
  body: bulkTriageSchema,
  handler: async ({ db, projectId, user, actor, body: { ids, action } }) => {
    if (action.action === "merge") {
      const target = await mergeIssues({ db, projectId, ids, userId: user?.id ?? null, actor });
      return NextResponse.json({ updated: ids.length, merged_into: target });
    }
    // All or nothing: an id that is gone (deleted or merged meanwhile) refuses the whole change, so a retry
    // after fixing the selection does not find half of it applied. Issues are locked in id order, so two bulk
    // changes over overlapping selections cannot deadlock.
    const ordered = [...new Set(ids)].sort();
    await db.transaction(async (tx) => {
      for (const issueId of ordered)
        await applyTriage({ db: tx, projectId, issueId, userId: user?.id ?? null, actor, action });
    });
    return NextResponse.json({ updated: ordered.length });
  },
});
