import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/audit/record";
import { getReclassifyProgress, startReclassify } from "@/lib/failures/reclassify";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Progress of the project's last (or current) re-classification. */
export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId }) => NextResponse.json(await getReclassifyProgress({ db, projectId })),
});

/**
 * Re-classifies the project's failure history with its current rules, in the background; answers 202 with
 * the progress at once. While a run is going it answers with that run (200) instead of starting another.
 */
export const POST = apiRoute({
  access: "triage",
  handler: async ({ db, projectId, actor }) => {
    const { progress, started } = await startReclassify({ db, projectId });
    // The run goes on in the background, in transactions of its own: the entry records that it was started.
    if (started) {
      await recordAudit(db, actor, {
        action: "rule.reclassify",
        objectType: "project",
        objectId: projectId,
        projectId,
        after: { state: progress.state, total: progress.total },
      });
    }
    return NextResponse.json(progress, { status: started ? 202 : 200 });
  },
});
