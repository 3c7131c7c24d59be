// The write path every source shares: append events idempotently and update the projections,
// all in one transaction. A caller may acknowledge only after this resolves.
import { sql } from "drizzle-orm";
import { bulkInsert } from "@/db/bulk";
import type { DbOrTx, Tx } from "@/db/client";
import { agent, job, transcriptEntry } from "@/db/schema";
import { loadPriceTable } from "@/lib/costs/prices";
import { priceUsage } from "@/lib/costs/pricing";
import { applyUsage, hourOf, measuresOf } from "@/lib/costs/rollup";
import { type FailedJob, recordFailures } from "@/lib/failures/issues";
import { withPartitions } from "@/lib/retention/partitions";
import { appendInline, daysOf } from "./append";
import { foldEvents } from "./fold";
import {
  AGENT_COLUMNS,
  agentMerge,
  agentRow,
  ENTRY_COLUMNS,
  JOB_COLUMNS,
  jobMerge,
  jobRow,
  setClause,
} from "./projection-rows";
import type { IngestEvent } from "./protocol";
import { toTranscriptEntry } from "./transcript";

export type StoreResult = { insertedIds: Set<string>; duplicateIds: Set<string> };

/** Folds new events into the projections (the inline path below, and the projector). */
export async function applyProjections(tx: Tx, projectId: string, events: IngestEvent[], live: boolean) {
  // Price usage first: the job deltas carry the costs, the rollups the tokens and costs per hour.
  const usage = events.filter((e) => e.type === "job.usage");
  const priced = new Map<string, ReturnType<typeof priceUsage>>();
  if (usage.length > 0) {
    const table = await loadPriceTable(tx);
    for (const e of usage) priced.set(e.id, priceUsage(table, e.data, e.time));
  }
  const { jobs, agents } = foldEvents(events, priced);
  // Imported history says nothing about an agent now: only live reports make it alive, stalled or offline.
  if (live && agents.length > 0) {
    const rows = agents.sort((a, b) => (a.name < b.name ? -1 : 1)).map((a) => agentRow(projectId, a));
    await bulkInsert(
      tx,
      agent,
      AGENT_COLUMNS,
      rows,
      sql`order by r."name" on conflict (project_id, name) do update set ${setClause(agent, agentMerge)}`,
    );
  }
  if (jobs.length > 0) {
    // Sorted so concurrent batches lock rows in the same order (no deadlocks).
    const rows = jobs.sort((a, b) => (a.externalId < b.externalId ? -1 : 1)).map((d) => jobRow(projectId, d));
    type Returned = {
      id: string;
      external_id: string;
      status: string;
      error: FailedJob["error"];
      agent_name: string | null;
      harness: string | null;
      model: string | null;
      ended_at: string | Date | null;
      inserted: boolean;
    };
    const ids = await bulkInsert<typeof job, Returned>(
      tx,
      job,
      JOB_COLUMNS,
      rows,
      sql`order by r."externalId" on conflict (project_id, external_id) do update set ${setClause(job, jobMerge)} returning id, external_id, status, error, agent_name, harness, model, ended_at, (xmax = 0) as inserted`,
    );
    const jobIds = new Map(ids.map((r) => [r.external_id, r.id]));
    const entries = events.flatMap((e) => {
      const jobId = e.job ? jobIds.get(e.job) : undefined;
      const entry = jobId ? toTranscriptEntry(e, projectId, jobId) : null;
      return entry ? [entry] : [];
    });
    await bulkInsert(tx, transcriptEntry, ENTRY_COLUMNS, entries, sql`on conflict do nothing`);
    // Jobs this batch failed (a job.failed that won over any other outcome): classify into issues
    // (after the transcript entries: a job that ended on a failed tool call is fingerprinted with the tool).
    const failedHere = new Set(jobs.filter((d) => d.terminal?.status === "failed").map((d) => d.externalId));
    await recordFailures(
      tx,
      projectId,
      ids
        .filter((r) => r.status === "failed" && failedHere.has(r.external_id) && r.ended_at)
        .map((r) => ({
          id: r.id,
          agent: r.agent_name,
          harness: r.harness,
          model: r.model,
          endedAt: new Date(r.ended_at as string),
          error: typeof r.error === "string" ? JSON.parse(r.error) : r.error,
        })),
    );
    // Last: concurrent batches of the same agents share hourly rows, so their locks are held for the shortest time.
    await applyUsage(
      tx,
      projectId,
      new Map(ids.map((r) => [r.id, { agentName: r.agent_name ?? "", harness: r.harness ?? "" }])),
      // A job inserted by this batch has no usage counted before it: only updated ones may need moving.
      new Set(ids.filter((r) => !r.inserted).map((r) => r.id)),
      usage.flatMap((e) => {
        const p = priced.get(e.id);
        const jobId = e.job ? jobIds.get(e.job) : undefined;
        return p && jobId ? [{ jobId, hour: hourOf(e.time), model: p.model, measures: measuresOf(p) }] : [];
      }),
    );
  }
}

/**
 * Appends the events (ON CONFLICT DO NOTHING on the event id, in event_key) and projects the ones that were new.
 * Events must have distinct ids. Returns which ids were stored now and which were already there.
 */
export async function storeEvents({
  db,
  projectId,
  apiKeyId,
  events,
  live = true,
}: {
  /** A transaction works too (the events then commit with it, in a savepoint of their own). */
  db: DbOrTx;
  projectId: string;
  apiKeyId: string | null;
  events: IngestEvent[];
  /** false for imported history: jobs and transcripts are stored, agents' liveness is left alone. */
  live?: boolean;
}): Promise<StoreResult> {
  if (events.length === 0) return { insertedIds: new Set(), duplicateIds: new Set() };
  const sorted = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const item = { projectId, apiKeyId, events: sorted, live };
  // A day with no partition fails the append statement and so the transaction (a savepoint when `db` is one):
  // withPartitions makes the days and runs the whole transaction again.
  return withPartitions(db, daysOf(item), () =>
    db.transaction(async (tx) => {
      const insertedIds = await appendInline(tx, item);
      const fresh = sorted.filter((e) => insertedIds.has(e.id));
      await applyProjections(tx, projectId, fresh, live);
      const duplicateIds = new Set(sorted.filter((e) => !insertedIds.has(e.id)).map((e) => e.id));
      return { insertedIds, duplicateIds };
    }),
  );
}
