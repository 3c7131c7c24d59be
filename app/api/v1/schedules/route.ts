import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/route";
import { listSchedules } from "@/lib/schedules/queries";
import { schedulesQuerySchema, scheduleToApi } from "@/lib/schedules/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  query: schedulesQuerySchema,
  handler: async ({ db, projectId, query }) => {
    const schedules = await listSchedules({
      db,
      projectId,
      now: new Date(),
      count: query.slots,
      key: query.name,
    });
    return NextResponse.json({ schedules: schedules.map(scheduleToApi) });
  },
});
