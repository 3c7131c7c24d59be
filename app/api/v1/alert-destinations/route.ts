import { NextResponse } from "next/server";
import { asBadRequest, destinationsCaller } from "@/lib/delivery/api";
import { destinationInputSchema } from "@/lib/delivery/config";
import { createDestination, listDestinations } from "@/lib/delivery/queries";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The project's alert destinations, secrets shown as "set". */
export const GET = apiRoute({
  access: "admin",
  handler: async (ctx) => {
    await destinationsCaller(ctx);
    return NextResponse.json({
      destinations: await listDestinations({ db: ctx.db, projectId: ctx.projectId }),
    });
  },
});

/** Adds a destination; a webhook without a secret gets one, returned in this answer only. */
export const POST = apiRoute({
  access: "admin",
  body: destinationInputSchema(),
  handler: async (ctx) => {
    const actor = await destinationsCaller(ctx);
    const created = await asBadRequest(() =>
      createDestination({
        db: ctx.db,
        projectId: ctx.projectId,
        input: ctx.body,
        actor,
        userId: ctx.user?.id,
      }),
    );
    return NextResponse.json(created, { status: 201 });
  },
});
