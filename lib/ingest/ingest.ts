// Validates a batch event by event, stores the valid ones, and reports per event.
import type { Db } from "@/db/client";
import { logger } from "@/lib/logger";
import { jobRetentionDays, tooOldMessage } from "@/lib/retention/horizon";
import { GroupAppender } from "./append";
import { kickProjector } from "./projector-loop";
import { type IngestEvent, type IngestResponse, parseEvent } from "./protocol";
import { sanitizeEvent } from "./redact";
import { isValueRefused, refusalReason } from "./sql-errors";
import { type StoreResult, storeEvents } from "./store";

/** One group appender per database (the app has one; tests open several). */
const appenders = new WeakMap<Db, GroupAppender>();
function appenderFor(db: Db): GroupAppender {
  let a = appenders.get(db);
  if (!a) {
    a = new GroupAppender(async () => db);
    appenders.set(db, a);
  }
  return a;
}

type Result = NonNullable<IngestResponse["results"]>[number];

export async function ingestBatch({
  db,
  projectId,
  apiKeyId,
  rawEvents,
  now = new Date(),
  source = "live",
  projection = "inline",
}: {
  db: Db;
  projectId: string;
  apiKeyId: string | null;
  rawEvents: unknown[];
  /** "import": session files (history), which never make an agent look alive, stalled or offline. */
  source?: "live" | "import";
  /** The server's clock (events too far ahead of it are rejected). */
  now?: Date;
  /**
   * "inline": events and their projections commit in one transaction (imports, the CLI, the simulator).
   * "queued": the live path: one grouped append of the events and their queue rows, acknowledged at its commit;
   * the projector folds them moments later (lib/ingest/projector.ts).
   */
  projection?: "inline" | "queued";
}): Promise<IngestResponse> {
  const results: Result[] = [];
  const toStore = new Map<string, IngestEvent>();
  const firstIndex = new Map<string, number>();
  // runners' live reports (the webhook) older than the job retention are refused: they would go at the next
  // retention run. Imports and the CLI (inline) store what they are given: the operator's explicit act, whose
  // jobs past the long horizon go at the next run.
  const keepDays = projection === "queued" ? await jobRetentionDays(db, projectId) : null;
  const oldest = keepDays === null ? Number.NEGATIVE_INFINITY : now.getTime() - keepDays * 86_400_000;

  rawEvents.forEach((raw, index) => {
    const parsed = parseEvent(raw, now);
    const rawId = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : null;
    if (!parsed.ok) {
      results.push({ index, id: rawId, status: "rejected", error: parsed.error });
      return;
    }
    if (keepDays !== null && parsed.event.time.getTime() < oldest) {
      results.push({ index, id: parsed.event.id, status: "rejected", error: tooOldMessage(keepDays) });
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

  const stored = await storeIsolating({
    db,
    projectId,
    apiKeyId,
    events: [...toStore.values()],
    live: source === "live",
    queued: projection === "queued",
  });
  if (projection === "queued" && stored.insertedIds.size > 0) kickProjector(db);
  for (const r of results) {
    if (r.status === "rejected" || r.id === null) continue;
    const refused = stored.refused.get(r.id);
    if (refused !== undefined) {
      // (a repeat within the batch of a refused event is not a duplicate of anything stored)
      r.status = "rejected";
      r.error = refused;
    } else if (r.status === "accepted" && stored.duplicateIds.has(r.id) && firstIndex.get(r.id) === r.index) {
      r.status = "duplicate";
    }
  }

  const accepted = results.filter((r) => r.status === "accepted").length;
  const duplicates = results.filter((r) => r.status === "duplicate").length;
  const rejected = results.filter((r) => r.status === "rejected").length;
  return rejected > 0 ? { accepted, duplicates, rejected, results } : { accepted, duplicates, rejected };
}

async function store(args: {
  db: Db;
  projectId: string;
  apiKeyId: string | null;
  events: IngestEvent[];
  live: boolean;
  queued: boolean;
}): Promise<StoreResult> {
  if (!args.queued) return storeEvents(args);
  const insertedIds = await appenderFor(args.db).submit(args);
  const duplicateIds = new Set(args.events.filter((e) => !insertedIds.has(e.id)).map((e) => e.id));
  return { insertedIds, duplicateIds };
}

/**
 * storeEvents, and should PostgreSQL refuse a value that validation let through, the batch is split in halves
 * and stored again until the refused events stand alone: they are reported with PostgreSQL's reason, every
 * other event is stored. The projections are order- and batch-independent, so halves end the same as the whole.
 * Any other error (connection, serialization) is thrown: the caller answers 5xx and the runner retries.
 */
async function storeIsolating(args: {
  db: Db;
  projectId: string;
  apiKeyId: string | null;
  events: IngestEvent[];
  live: boolean;
  queued: boolean;
}): Promise<StoreResult & { refused: Map<string, string> }> {
  try {
    return { ...(await store(args)), refused: new Map() };
  } catch (error) {
    if (!isValueRefused(error)) throw error;
    const [only] = args.events;
    if (args.events.length === 1 && only) {
      const reason = refusalReason(error);
      logger.warn(
        { eventId: only.id, projectId: args.projectId, reason },
        "ingest: PostgreSQL refused an event",
      );
      const message = `could not be stored (PostgreSQL: ${reason.split("\n")[0]?.slice(0, 300)})`;
      return { insertedIds: new Set(), duplicateIds: new Set(), refused: new Map([[only.id, message]]) };
    }
    const mid = Math.ceil(args.events.length / 2);
    const a = await storeIsolating({ ...args, events: args.events.slice(0, mid) });
    const b = await storeIsolating({ ...args, events: args.events.slice(mid) });
    return {
      insertedIds: new Set([...a.insertedIds, ...b.insertedIds]),
      duplicateIds: new Set([...a.duplicateIds, ...b.duplicateIds]),
      refused: new Map([...a.refused, ...b.refused]),
    };
  }
}
