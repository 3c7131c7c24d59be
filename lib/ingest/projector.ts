// Folds acknowledged events into the projections (jobs, agents, transcripts, failure issues, cost rollups),
// in batches, after the ingest route has answered. Exactly once: a batch claims its queue rows (event_pending)
// with FOR UPDATE SKIP LOCKED and deletes them in the transaction that writes their projections, so a crash
// rolls both back and the rows are claimed again; several instances (or loops) claim disjoint rows, and the
// projections' merge rules are order- and batch-independent (fold.ts), so who folds what when ends the same.
import { sql } from "drizzle-orm";
import { executePrepared, rowsOf } from "@/db/bulk";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { logger } from "@/lib/logger";
import type { EventType, IngestEvent } from "./protocol";
import { isRetryable, isValueRefused, refusalReason } from "./sql-errors";
import { applyProjections } from "./store";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Claimed = {
  pos: string | number;
  project_id: string;
  live: boolean;
  redactions: number;
  truncated_from: number | null;
  id: string;
  type: string;
  time: string | Date;
  job_external_id: string | null;
  agent_name: string | null;
  seq: string | number | null;
  data: Record<string, unknown>;
};

function toEvent(r: Claimed): IngestEvent {
  return {
    id: r.id,
    type: r.type as EventType,
    time: new Date(r.time),
    job: r.job_external_id ?? undefined,
    agent: r.agent_name ?? undefined,
    seq: r.seq == null ? undefined : Number(r.seq),
    data: r.data,
    redactions: r.redactions,
    truncatedFrom: r.truncated_from,
  };
}

async function claim(tx: Tx, limit: number, projectId: string | null): Promise<Claimed[]> {
  // the queue rows first (their index, in order), then their events by primary key: a join of the two in one
  // locking select lets the planner scan the whole event table for every batch
  return rowsOf<Claimed>(
    await executePrepared(
      tx,
      sql`
      with claimed as materialized (
        select pos, project_id, event_id, event_time, live, redactions, truncated_from
        from event_pending
        where failed_at is null ${projectId ? sql`and project_id = ${projectId}` : sql``}
        order by pos
        limit ${limit}
        for update skip locked
      )
      select c.pos, c.project_id, c.live, c.redactions, c.truncated_from,
             e.id, e.type, e.time, e.job_external_id, e.agent_name, e.seq, e.data
      from claimed c
      cross join lateral (
        -- the whole key: PostgreSQL prunes to the one day partition holding the event
        select * from event e where e.project_id = c.project_id and e.id = c.event_id and e.time = c.event_time
      ) e
      order by c.pos`,
    ),
  );
}

/** Projects one project's claimed rows (live and imported apart), in a savepoint when isolating. */
async function project(tx: Tx, rows: Claimed[]) {
  const byKey = new Map<string, Claimed[]>();
  for (const r of rows) {
    const key = `${r.project_id} ${r.live}`;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  // projects in a fixed order, so concurrent projectors lock rows in the same order
  for (const key of [...byKey.keys()].sort()) {
    const group = byKey.get(key) as Claimed[];
    const first = group[0] as Claimed;
    await applyProjections(tx, first.project_id, group.map(toEvent), first.live);
  }
}

/**
 * Projects `rows` inside `tx`; should PostgreSQL refuse a value, halves are projected in savepoints until the
 * refused event stands alone: it is marked failed (kept out of the queue, its reason recorded) and the rest go on.
 */
async function projectIsolating(tx: Tx, rows: Claimed[]): Promise<void> {
  try {
    await tx.transaction((sp) => project(sp as unknown as Tx, rows));
  } catch (error) {
    if (!isValueRefused(error)) throw error;
    if (rows.length === 1) {
      const r = rows[0] as Claimed;
      const reason = refusalReason(error);
      logger.warn(
        { eventId: r.id, projectId: r.project_id, reason },
        "projector: PostgreSQL refused an event",
      );
      await tx.execute(
        sql`update event_pending set failed_at = now(), error = ${reason.slice(0, 500) || "refused"} where pos = ${r.pos}`,
      );
      return;
    }
    const mid = Math.ceil(rows.length / 2);
    await projectIsolating(tx, rows.slice(0, mid));
    await projectIsolating(tx, rows.slice(mid));
  }
}

export type ProjectOptions = {
  /** Events per batch (one transaction). */
  limit?: number;
  /** Only this project's queue (tests; an instance projects every project). */
  projectId?: string | null;
  /** Called between claiming and committing (tests kill the projector there). */
  beforeCommit?: (claimed: number) => Promise<void>;
};

/** Projects one batch; returns how many events it folded (0: nothing was waiting, or all were claimed). */
export async function projectBatch(db: Db, options: ProjectOptions = {}): Promise<number> {
  const { limit = 1000, projectId = null, beforeCommit } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const rows = await claim(tx, limit, projectId);
        if (rows.length === 0) return 0;
        await projectIsolating(tx, rows);
        const done = rows.map((r) => Number(r.pos));
        await executePrepared(
          tx,
          sql`delete from event_pending where pos = any(${`{${done.join(",")}}`}::bigint[]) and failed_at is null`,
        );
        await beforeCommit?.(rows.length);
        return rows.length;
      });
    } catch (error) {
      if (!isRetryable(error) || attempt >= 5) throw error;
    }
  }
}

/**
 * Projects until the queue (of one project, or all) is empty, waiting for batches other projectors hold (up to
 * `timeoutMs`); returns the number of events folded here.
 */
export async function drainProjections(
  db: Db,
  options: ProjectOptions & { timeoutMs?: number } = {},
): Promise<number> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let total = 0;
  for (;;) {
    const n = await projectBatch(db, options);
    total += n;
    if (n > 0) continue;
    if ((await projectionBacklog(db, options.projectId ?? undefined)).pending === 0) return total;
    if (Date.now() > deadline) throw new Error("drainProjections: other projectors still hold queued events");
    await sleep(10);
  }
}

/** Events acknowledged but not yet projected (failed ones excluded), and the oldest one's age. */
export async function projectionBacklog(
  db: DbOrTx,
  projectId?: string,
): Promise<{ pending: number; oldestMs: number | null; failed: number }> {
  const [row] = rowsOf<{ pending: number; oldest: string | null; failed: number }>(
    await db.execute(sql`
      select count(*) filter (where failed_at is null)::int as pending,
             extract(epoch from now() - min(enqueued_at) filter (where failed_at is null)) * 1000 as oldest,
             count(*) filter (where failed_at is not null)::int as failed
      from event_pending ${projectId ? sql`where project_id = ${projectId}` : sql``}`),
  );
  return {
    pending: row?.pending ?? 0,
    oldestMs: row?.oldest == null ? null : Math.round(Number(row.oldest)),
    failed: row?.failed ?? 0,
  };
}

/**
 * Read-your-ingest: waits until every event of the project acknowledged before this call is projected (or
 * refused by the projector), projecting here too so the wait does not depend on another instance. Returns false
 * when `timeoutMs` passed first.
 */
export async function waitForProjections(db: Db, projectId: string, timeoutMs = 10_000): Promise<boolean> {
  const [mark] = rowsOf<{ pos: string | null }>(
    await db.execute(
      sql`select max(pos) as pos from event_pending where project_id = ${projectId} and failed_at is null`,
    ),
  );
  if (mark?.pos == null) return true;
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    const [left] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from event_pending
        where project_id = ${projectId} and failed_at is null and pos <= ${mark.pos}`),
    );
    if ((left?.n ?? 0) === 0) return true;
    if (Date.now() >= deadline) return false;
    await projectBatch(db, { projectId });
    await sleep(wait);
  }
}
