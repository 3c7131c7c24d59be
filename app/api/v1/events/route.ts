import { NextResponse } from "next/server";
import { badRequest } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { env } from "@/lib/env";
import { readLimitedBody } from "@/lib/ingest/body";
import { ingestBatch } from "@/lib/ingest/ingest";
import { envelopeSchema, MAX_EVENTS_PER_BATCH } from "@/lib/ingest/protocol";
import { consumeRateLimit, rateLimited } from "@/lib/ingest/rate-limit";
import { verifySignature } from "@/lib/ingest/signature";

export const dynamic = "force-dynamic";

export const POST = apiRoute({
  access: "ingest",
  handler: async ({ request, db, projectId, apiKeyId, signingSecret, rateLimitPerMinute }) => {
    if (apiKeyId) {
      const limit = rateLimitPerMinute ?? env.FLEETWATCH_RATE_LIMIT_PER_MINUTE;
      const rate = await consumeRateLimit({ db, keyId: apiKeyId, limitPerMinute: limit });
      if (!rate.allowed) throw rateLimited(rate);
    }
    const body = await readLimitedBody(request);
    if (signingSecret) verifySignature(signingSecret, request.headers.get("fleetwatch-signature"), body);
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("The body is not valid JSON.");
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      throw badRequest(
        `The body must be {"events": [...]} with 1 to ${MAX_EVENTS_PER_BATCH} events.`,
        envelope.error.issues,
      );
    }
    const result = await ingestBatch({ db, projectId, apiKeyId, rawEvents: envelope.data.events });
    return NextResponse.json(result, { status: result.rejected > 0 ? 207 : 200 });
  },
});
