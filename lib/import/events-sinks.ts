// Where `npm run import` stores a file of protocol events: straight into the database through the ingest write
// path, or to a console's POST /api/v1/events (the runners' endpoint, signed when the key signs, retried on 429
// and 5xx by the runner client's transport). Both take the events as live reports: the same projections either
// way, and the same as when the runner first sent them (jobs, transcripts, issues, and agents, whose liveness
// merges by the latest time, so history never makes an agent look alive now).
import type { Db } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { defaultSleep } from "@/lib/runner-client/retry";
import { deliverBatch, eventsEndpoint } from "@/lib/runner-client/transport";
import type { BatchSender, EventLine, LineProblem } from "./events-file";

type Results = { index: number; id: string | null; status: string; error?: string }[] | undefined;

function rejectedLines(batch: EventLine[], results: Results): LineProblem[] {
  return (results ?? [])
    .filter((r) => r.status === "rejected")
    .map((r) => ({ line: batch[r.index]?.line ?? 0, id: r.id, reason: r.error ?? "rejected" }));
}

export function databaseSender({ db, projectId }: { db: Db; projectId: string }): BatchSender {
  return async (batch) => {
    const r = await ingestBatch({
      db,
      projectId,
      apiKeyId: null,
      rawEvents: batch.map((b) => b.value),
      source: "live",
    });
    return { accepted: r.accepted, duplicates: r.duplicates, rejected: rejectedLines(batch, r.results) };
  };
}

/** Thrown when the console refuses a batch as a whole (bad key, revoked, too large): the import stops. */
export class ConsoleRefused extends Error {}

export function consoleSender({
  url,
  key,
  signingSecret,
}: {
  url: string;
  key: string;
  signingSecret?: string;
}): BatchSender {
  const cfg = {
    endpoint: eventsEndpoint(url),
    key,
    signingSecret,
    gzip: true,
    fetch: globalThis.fetch,
    maxRetries: 8,
    retryBaseMs: 500,
    retryMaxMs: 30_000,
    timeoutMs: 120_000,
    sleep: defaultSleep,
    random: Math.random,
    now: Date.now,
  };
  return async (batch) => {
    // The lines as read: the body is the file's own JSON, so no value is re-serialised on the way.
    const body = Buffer.from(`{"events":[${batch.map((b) => b.text).join(",")}]}`);
    const out = await deliverBatch(
      cfg,
      body,
      batch.map((b) => String((b.value as { id?: unknown })?.id ?? "")),
    );
    if (!out.ok) throw new ConsoleRefused(out.error.message);
    return {
      accepted: out.response.accepted,
      duplicates: out.response.duplicates,
      rejected: rejectedLines(batch, out.response.results),
    };
  };
}
