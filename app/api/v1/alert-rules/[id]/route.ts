import { NextResponse } from "next/server";
import { authorizeConfig, idParam } from "@/lib/alerts/access";
import { alertRulePatchSchema } from "@/lib/alerts/config-schemas";
import { deleteAlertRule, getAlertRule, updateAlertRule } from "@/lib/alerts/rule-config";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId, params }) =>
    NextResponse.json(await getAlertRule({ db, projectId, id: idParam(params, "alert rule") })),
});

/** Changes the fields it names; the merged rule is validated like a new one. */
export const PATCH = apiRoute({
  access: "config",
  body: alertRulePatchSchema,
  handler: async (ctx) => {
    const id = idParam(ctx.params, "alert rule");
    const actor = await authorizeConfig(ctx, "triage");
    return NextResponse.json(
      await updateAlertRule({ db: ctx.db, projectId: ctx.projectId, id, patch: ctx.body, actor }),
    );
  },
});

/** Deletes the rule and its incidents. */
export const DELETE = apiRoute({
  access: "config",
  handler: async (ctx) => {
    const id = idParam(ctx.params, "alert rule");
    const actor = await authorizeConfig(ctx, "triage");
    await deleteAlertRule({ db: ctx.db, projectId: ctx.projectId, id, actor });
    return new NextResponse(null, { status: 204 });
  },
});
