import { sql } from "drizzle-orm";
import { NextResponse } from "next/server";
import { getDbHandle } from "@/db/client";
import { errorResponse } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Public readiness probe: the database answers and migrations are applied. */
export async function GET() {
  try {
    const { db } = await getDbHandle();
    await db.execute(sql`select 1`);
    return NextResponse.json({ status: "ok", database: "postgres" });
  } catch (error) {
    return errorResponse(error);
  }
}
