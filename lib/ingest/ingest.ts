// Validates a batch event by event, stores the valid ones, and reports per event.
import type { Db } from "@/db/client";
import { type IngestEvent, type IngestResponse, parseEvent } from "./protocol";
import { sanitizeEvent } from "./redact";
import { storeEvents } from "./store";

type Result = NonNullable<IngestResponse["results"]>[number];

export async function ingestBatch({
  db,
  projectId,
  apiKeyId,
  rawEvents,
}: {
  db: Db;
  projectId: string;
  apiKeyId: string | null;
  rawEvents: unknown[];
}): Promise<IngestResponse> {
  const results: Result[] = [];
  const toStore = new Map<string, IngestEvent>();
  const firstIndex = new Map<string, number>();

  rawEvents.forEach((raw, index) => {
    const parsed = parseEvent(raw);
    const rawId = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : null;
    if (!parsed.ok) {
      results.push({ index, id: rawId, status: "rejected", error: parsed.error });
      return;
    }
    const { event } = sanitizeEvent(parsed.event); // secrets and oversized outputs never reach the database
    if (firstIndex.has(event.id)) {
      results.push({ index, id: event.id, status: "duplicate" }); // repeated within the batch
      return;
    }
    firstIndex.set(event.id, index);
    toStore.set(event.id, event);
    results.push({ index, id: event.id, status: "accepted" });
  });

  const { duplicateIds } = await storeEvents({ db, projectId, apiKeyId, events: [...toStore.values()] });
  for (const r of results) {
    if (
      r.status === "accepted" &&
      r.id !== null &&
      duplicateIds.has(r.id) &&
      firstIndex.get(r.id) === r.index
    ) {
      r.status = "duplicate";
    }
  }

  const accepted = results.filter((r) => r.status === "accepted").length;
  const duplicates = results.filter((r) => r.status === "duplicate").length;
  const rejected = results.filter((r) => r.status === "rejected").length;
  return rejected > 0 ? { accepted, duplicates, rejected, results } : { accepted, duplicates, rejected };
}
