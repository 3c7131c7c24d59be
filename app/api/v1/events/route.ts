import { NextResponse } from "next/server";
import { badRequest } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { ingestBatch } from "@/lib/ingest/ingest";
import { envelopeSchema, MAX_EVENTS_PER_BATCH } from "@/lib/ingest/protocol";

export const dynamic = "force-dynamic";

export const POST = apiRoute({
  access: "ingest",
  ingest: { tooLargeHint: `Send fewer events per request (at most ${MAX_EVENTS_PER_BATCH}).` },
  handler: async ({ db, rawBody, projectId, apiKeyId }) => {
    let json: unknown;
    try {
      json = JSON.parse((rawBody ?? Buffer.alloc(0)).toString("utf8"));
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
    const result = await ingestBatch({
      db,
      projectId,
      apiKeyId,
      rawEvents: envelope.data.events,
      // acknowledged at the append's commit; the projector folds the events moments later (?consistent=true
      // on a read waits for it)
      projection: "queued",
    });
    return NextResponse.json(result, { status: result.rejected > 0 ? 207 : 200 });
  },
});
