import { NextResponse } from "next/server";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { abandonJob } from "@/lib/jobs/abandon";
import { abandonInputSchema } from "@/lib/jobs/schemas";

export const dynamic = "force-dynamic";

/** Marks a stalled job abandoned: it ends as cancelled with a reason naming who did it (triage). */
export const POST = apiRoute({
  access: "triage",
  body: abandonInputSchema,
  handler: async ({ db, projectId, params, actor, apiKeyId, body }) => {
    const r = await abandonJob({ db, projectId, id: params.id ?? "", actor, apiKeyId, input: body });
    if (!r.ok) throw new ApiError(r.status, r.status === 404 ? "not_found" : "conflict", r.error);
    return NextResponse.json({ job: r.job, reason: r.reason, event_id: r.event_id });
  },
});
