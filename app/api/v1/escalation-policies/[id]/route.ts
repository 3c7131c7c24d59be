import { NextResponse } from "next/server";
import { authorizeConfig, idParam } from "@/lib/alerts/access";
import { escalationPolicyPatchSchema } from "@/lib/alerts/config-schemas";
import { deleteEscalationPolicy, updateEscalationPolicy } from "@/lib/alerts/escalation-config";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute({
  access: "admin",
  body: escalationPolicyPatchSchema,
  handler: async (ctx) => {
    const id = idParam(ctx.params, "escalation policy");
    const actor = await authorizeConfig(ctx, "admin");
    return NextResponse.json(
      await updateEscalationPolicy({ db: ctx.db, projectId: ctx.projectId, id, patch: ctx.body, actor }),
    );
  },
});

/** Rules that used it keep their own destinations. */
export const DELETE = apiRoute({
  access: "admin",
  handler: async (ctx) => {
    const id = idParam(ctx.params, "escalation policy");
    const actor = await authorizeConfig(ctx, "admin");
    await deleteEscalationPolicy({ db: ctx.db, projectId: ctx.projectId, id, actor });
    return new NextResponse(null, { status: 204 });
  },
});
