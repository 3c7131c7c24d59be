import { NextResponse } from "next/server";
import { authorizeConfig, idParam } from "@/lib/alerts/access";
import { deleteSilence } from "@/lib/alerts/silence-config";
import { apiRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute({
  access: "config",
  handler: async (ctx) => {
    const id = idParam(ctx.params, "silence");
    const actor = await authorizeConfig(ctx, "triage");
    await deleteSilence({ db: ctx.db, projectId: ctx.projectId, id, actor });
    return new NextResponse(null, { status: 204 });
  },
});
