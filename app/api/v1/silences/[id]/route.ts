import { NextResponse } from "next/server";
import { authorizeConfig, idParam } from "@/lib/alerts/access";
import { silencePatchSchema } from "@/lib/alerts/config-schemas";
import { deleteSilence, updateSilence } from "@/lib/alerts/silence-config";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute({
  access: "config",
  body: silencePatchSchema,
  handler: async (ctx) => {
    const id = idParam(ctx.params, "silence");
    const actor = await authorizeConfig(ctx, "triage");
    const silence = await updateSilence({ db: ctx.db, projectId: ctx.projectId, id, patch: ctx.body, actor });
    return NextResponse.json({ silence });
  },
});

export const DELETE = apiRoute({
  access: "config",
  handler: async (ctx) => {
    const id = idParam(ctx.params, "silence");
    const actor = await authorizeConfig(ctx, "triage");
    await deleteSilence({ db: ctx.db, projectId: ctx.projectId, id, actor });
    return new NextResponse(null, { status: 204 });
  },
});
