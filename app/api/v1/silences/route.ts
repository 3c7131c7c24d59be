import { NextResponse } from "next/server";
import { authorizeConfig } from "@/lib/alerts/access";
import { silenceInputSchema } from "@/lib/alerts/config-schemas";
import { createSilence, listSilences } from "@/lib/alerts/silence-config";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The project's silences, newest first, each with whether it mutes right now. */
export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId }) =>
    NextResponse.json({ silences: await listSilences({ db, projectId }) }),
});

/** Adds a one-off or recurring silence (members and up, or a key with the config scope). */
export const POST = apiRoute({
  access: "config",
  body: silenceInputSchema,
  handler: async (ctx) => {
    const actor = await authorizeConfig(ctx, "triage");
    const created = await createSilence({
      db: ctx.db,
      projectId: ctx.projectId,
      input: ctx.body,
      actor,
      createdBy: ctx.user?.id ?? null,
    });
    return NextResponse.json(created, { status: 201 });
  },
});
