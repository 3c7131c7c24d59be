// The acknowledged write of the live ingest path: append events to the log and queue them for the projector
// (lib/ingest/projector.ts), in ONE statement. Concurrent requests share that statement (group commit): while
// one append is in flight, the requests that arrive wait and then go together, so at 8 connections a group of
// ~8 requests costs one round trip and one commit. A request's promise resolves only after the commit that holds
// its events: a 2xx still means durably stored and deduplicated by id.
//
// event is partitioned by project and UTC day (docs/adr/0038-partitioned-events.md), so its key holds time and
// cannot tell a repeat of an id carrying another time. event_key (project_id, id) can: the statement claims each
// id there first and stores only the events whose claim was new. A day with no partition yet (an old import, a
// late event) fails the statement as a whole; its partitions are made and the statement runs again.
import { sql } from "drizzle-orm";
import { executePrepared, rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { utcDay, withPartitions } from "@/lib/retention/partitions";
import type { IngestEvent } from "./protocol";

export type AppendItem = {
  projectId: string;
  apiKeyId: string | null;
  /** Distinct ids (ingestBatch dedupes a batch before storing it). */
  events: IngestEvent[];
  /** false: imported history (the projector leaves agents' liveness alone). */
  live: boolean;
};

type Row = Record<string, unknown> & { p: string; i: string; t: string };

/** The items' rows, first owner of each (project, id) kept; `owner` maps each key to its item's index. */
function rowsOfItems(items: AppendItem[], owner: Map<string, number>): Row[] {
  const rows: Row[] = [];
  items.forEach((item, index) => {
    for (const e of item.events) {
      const key = `${item.projectId} ${e.id}`;
      if (owner.has(key)) continue;
      owner.set(key, index);
      rows.push({
        p: item.projectId,
        i: e.id,
        ty: e.type,
        t: e.time.toISOString(),
        j: e.job ?? null,
        a: e.agent ?? null,
        s: e.seq ?? null,
        d: e.data,
        k: item.apiKeyId,
        l: item.live,
        r: e.redactions ?? 0,
        tf: e.truncatedFrom ?? null,
      });
    }
  });
  return rows;
}

/**
 * The one statement: claims each id in event_key, stores the events whose claim was new, and (when `queue`)
 * queues them for the projector. Returns the (project, id) pairs stored now. No retry here: a missing partition
 * fails it whole (see withPartitions).
 */
async function appendStatement(db: DbOrTx, rows: Row[], queue: boolean) {
  return rowsOf<{ project_id: string; id: string }>(
    await executePrepared(
      db,
      sql`
      with input as (
        select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(
          p uuid, i text, ty text, t timestamptz, j text, a text, s bigint, d jsonb, k uuid, l boolean, r integer,
          tf integer)
      ), claimed as (
        insert into event_key (project_id, id, time)
        select p, i, t from input order by p, i -- one key order: no deadlock between appends
        on conflict (project_id, id) do nothing
        returning project_id, id
      ), ins as (
        insert into event (project_id, id, type, time, job_external_id, agent_name, seq, data, api_key_id)
        select p, i, ty, t, j, a, s, d, k
        from input join claimed on claimed.project_id = input.p and claimed.id = input.i
        returning project_id, id
      )${
        queue
          ? sql`, queued as (
        insert into event_pending (project_id, event_id, event_time, live, redactions, truncated_from)
        select input.p, input.i, input.t, input.l, input.r, input.tf
        from ins join input on input.p = ins.project_id and input.i = ins.id
        order by input.p, input.i
      )`
          : sql``
      }
      select project_id, id from ins`,
    ),
  );
}

const dayKeys = (rows: Row[]) => () => rows.map((r) => ({ projectId: r.p, day: utcDay(r.t) }));

/**
 * Appends the items' events and queues the new ones in one statement; returns, per item, the ids it stored now
 * (an id two items of the group share is the first item's). Events already stored are left alone.
 */
export async function appendEvents(db: DbOrTx, items: AppendItem[]): Promise<Set<string>[]> {
  const owner = new Map<string, number>(); // "<project> <id>" -> the first item carrying it
  const rows = rowsOfItems(items, owner);
  const result = items.map(() => new Set<string>());
  if (rows.length === 0) return result;
  const stored = await withPartitions(db, dayKeys(rows), () => appendStatement(db, rows, true));
  for (const r of stored) {
    const index = owner.get(`${r.project_id} ${r.id}`);
    if (index !== undefined) result[index]?.add(r.id);
  }
  return result;
}

/**
 * The inline path's append (storeEvents): the same statement without the queue, inside the caller's
 * transaction. The caller retries its whole transaction through withPartitions (the failed statement aborts it).
 */
export async function appendInline(tx: DbOrTx, item: AppendItem): Promise<Set<string>> {
  const rows = rowsOfItems([item], new Map());
  if (rows.length === 0) return new Set();
  return new Set((await appendStatement(tx, rows, false)).map((r) => r.id));
}

/** The (project, day) pairs an item's events need. */
export const daysOf = (item: AppendItem) => () =>
  item.events.map((e) => ({ projectId: item.projectId, day: utcDay(e.time) }));

type Waiting = { item: AppendItem; resolve: (ids: Set<string>) => void; reject: (e: unknown) => void };

/** Events per group statement: a group closes at this size (one batch of 1000 always goes whole). */
const MAX_GROUP_EVENTS = 2000;

/**
 * Group commit: `submit` queues an item; up to `maxInFlight` appends run at once, each taking every item
 * waiting (up to MAX_GROUP_EVENTS events). A group that fails takes its items one by one, so one item's bad
 * value fails that item alone (the caller isolates the event within it), and a connection error fails each.
 */
export class GroupAppender {
  private waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: () => Promise<DbOrTx>,
    private readonly maxInFlight = 2,
  ) {}

  submit(item: AppendItem): Promise<Set<string>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const group: Waiting[] = [];
      let size = 0;
      while (this.waiting.length > 0) {
        const next = this.waiting[0] as Waiting;
        if (group.length > 0 && size + next.item.events.length > MAX_GROUP_EVENTS) break;
        group.push(next);
        size += next.item.events.length;
        this.waiting.shift();
      }
      this.inFlight++;
      void this.flush(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(group: Waiting[]) {
    try {
      const db = await this.db();
      try {
        const ids = await appendEvents(
          db,
          group.map((w) => w.item),
        );
        for (const [i, w] of group.entries()) w.resolve(ids[i] ?? new Set());
      } catch (error) {
        if (group.length === 1) throw error;
        // one item's value refused (or any failure): each item alone, so only the guilty one fails
        for (const w of group) {
          try {
            const [ids] = await appendEvents(db, [w.item]);
            w.resolve(ids ?? new Set());
          } catch (e) {
            w.reject(e);
          }
        }
      }
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }
}
