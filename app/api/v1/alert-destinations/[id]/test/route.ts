import { NextResponse } from "next/server";
import { destinationId, destinationsCaller, noSuchDestination } from "@/lib/delivery/api";
import { sendTestNotification } from "@/lib/delivery/send-test";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Sends a test message now (short retries, a few seconds at most) and answers with the outcome. */
export const POST = apiRoute({
  access: "admin",
  handler: async (ctx) => {
    const actor = await destinationsCaller(ctx);
    const id = destinationId(ctx.params);
    const outcome = await sendTestNotification({ db: ctx.db, projectId: ctx.projectId, id, actor });
    if (!outcome) throw noSuchDestination();
    return NextResponse.json(outcome);
  },
});
