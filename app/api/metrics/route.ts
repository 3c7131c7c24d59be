// Prometheus scrape endpoint: fleet gauges and counters of the key's project (or the session's current one).
import { apiRoute } from "@/lib/http/route";
import { formatMetrics, PROMETHEUS_CONTENT_TYPE } from "@/lib/metrics/format";
import { collectMetrics } from "@/lib/metrics/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId }) =>
    new Response(formatMetrics(await collectMetrics({ db, projectId })), {
      headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" },
    }),
});
