import { NextResponse } from "next/server";
import { asBadRequest, destinationId, destinationsCaller, noSuchDestination } from "@/lib/delivery/api";
import { destinationPatchSchema } from "@/lib/delivery/config";
import {
  deleteDestination,
  deliveryLog,
  getDestination,
  toView,
  updateDestination,
} from "@/lib/delivery/queries";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** One destination and its delivery log (last 50 notifications). */
export const GET = apiRoute({
  access: "admin",
  handler: async (ctx) => {
    await destinationsCaller(ctx);
    const id = destinationId(ctx.params);
    const row = await getDestination({ db: ctx.db, projectId: ctx.projectId, id });
    if (!row) throw noSuchDestination();
    const deliveries = await deliveryLog({ db: ctx.db, projectId: ctx.projectId, destinationId: id });
    return NextResponse.json({ destination: toView(row), deliveries });
  },
});

/** Renames, enables or disables, or changes the settings (of the same kind; a webhook keeps its secret if none is given). */
export const PATCH = apiRoute({
  access: "admin",
  body: destinationPatchSchema,
  handler: async (ctx) => {
    const actor = await destinationsCaller(ctx);
    const id = destinationId(ctx.params);
    const updated = await asBadRequest(() =>
      updateDestination({ db: ctx.db, projectId: ctx.projectId, id, patch: ctx.body, actor }),
    );
    if (!updated) throw noSuchDestination();
    return NextResponse.json(updated);
  },
});

/** Deletes the destination and its pending notifications. */
export const DELETE = apiRoute({
  access: "admin",
  handler: async (ctx) => {
    const actor = await destinationsCaller(ctx);
    const id = destinationId(ctx.params);
    if (!(await deleteDestination({ db: ctx.db, projectId: ctx.projectId, id, actor })))
      throw noSuchDestination();
    return new NextResponse(null, { status: 204 });
  },
});
