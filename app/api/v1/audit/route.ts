import { NextResponse } from "next/server";
import { assertAuditReader } from "@/lib/audit/access";
import { listAuditEntries } from "@/lib/audit/queries";
import { auditQuerySchema, parseCursor } from "@/lib/audit/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The audit log, newest first, filtered; admins only (sessions). */
export const GET = apiRoute({
  access: "read",
  handler: async ({ request, db, user, apiKeyId }) => {
    assertAuditReader({ user, apiKeyId });
    // parsed after the role check, so a caller who may not read the log learns nothing from validation
    const { cursor, limit, ...filters } = auditQuerySchema.parse(
      Object.fromEntries(new URL(request.url).searchParams),
    );
    return NextResponse.json(await listAuditEntries({ db, filters, cursor: parseCursor(cursor), limit }));
  },
});
