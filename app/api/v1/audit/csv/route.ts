import { assertAuditReader } from "@/lib/audit/access";
import { csvHeader, csvLine } from "@/lib/audit/format";
import { allAuditEntries } from "@/lib/audit/queries";
import { AUDIT_CSV_MAX_ROWS, auditFiltersSchema } from "@/lib/audit/schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The filtered audit log as CSV, newest first, streamed, at most AUDIT_CSV_MAX_ROWS entries; admins only. */
export const GET = apiRoute({
  access: "read",
  handler: async ({ request, db, user, apiKeyId }) => {
    assertAuditReader({ user, apiKeyId });
    const filters = auditFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const entries = allAuditEntries({ db, filters, max: AUDIT_CSV_MAX_ROWS });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(csvHeader()));
      },
      // One page of lines per pull: the stream reads the database only as fast as the client takes the file.
      async pull(controller) {
        let lines = "";
        for (let i = 0; i < 500; i++) {
          const next = await entries.next();
          if (next.done) {
            if (lines) controller.enqueue(encoder.encode(lines));
            controller.close();
            return;
          }
          lines += csvLine(next.value);
        }
        controller.enqueue(encoder.encode(lines));
      },
      async cancel() {
        await entries.return(undefined);
      },
    });
    const stamp = new Date().toISOString().slice(0, 16).replaceAll(/[-:]/g, "");
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="fleetwatch-audit-${stamp}Z.csv"`,
        "cache-control": "no-store",
      },
    });
  },
});
