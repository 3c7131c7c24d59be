import { NextResponse } from "next/server";
import { acknowledgeIncident } from "@/lib/alerts/incidents";
import { getIncident } from "@/lib/alerts/queries";
import { requireTriageRole, routeActor } from "@/lib/alerts/route-helpers";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Acknowledges a firing incident (escalation stops; those notified hear of it). */
export const POST = apiRoute({
  access: "triage",
  handler: async (ctx) => {
    requireTriageRole(ctx);
    const r = await acknowledgeIncident(ctx.db, {
      incidentId: ctx.params.id ?? "",
      projectId: ctx.projectId,
      actor: await routeActor(ctx.db, ctx),
    });
    if (!r.ok) throw new ApiError(r.status, r.status === 404 ? "not_found" : "conflict", r.error);
    const incident = await getIncident({ db: ctx.db, projectId: ctx.projectId, id: r.incident.id });
    return NextResponse.json({ incident, changed: r.changed });
  },
});
