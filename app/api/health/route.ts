import { sql } from "drizzle-orm";
import { NextResponse } from "next/server";
import { getDbHandle } from "@/db/client";
import { readRoutingStatus } from "@/db/read";
import { errorResponse } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Public readiness probe: the database answers and migrations are applied. `replica` says where dashboards read
 * (ok: the replica; lagging, down: the primary, until it is back; off: none configured) with its lag in ms; a
 * replica in trouble does not make the console unready, since reads fall back to the primary.
 */
export async function GET() {
  try {
    const { db } = await getDbHandle();
    await db.execute(sql`select 1`);
    const routing = await readRoutingStatus();
    return NextResponse.json({
      status: "ok",
      database: "postgres",
      replica: routing.replica,
      replicaLagMs: routing.lagMs,
    });
  } catch (error) {
    return errorResponse(error);
  }
}
