// Export of a project's raw events as gzip'd JSON Lines: one protocol event per line, exactly what a runner could
// post (docs/ingest.md), so `npm run import` (or any runner client) can send them back. Read in keyset pages of
// (time, id) on event_project_time_idx, written through gzip with backpressure: memory stays at one page,
// whatever the range holds.
import { Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** Rows per page: large enough that a round trip is noise next to its rows, small enough to keep memory flat. */
export const EXPORT_PAGE_SIZE = 5000;

type Row = {
  id: string;
  type: string;
  /** RFC 3339 in UTC with microseconds, formatted by PostgreSQL (a JS Date would drop the microseconds). */
  time: string;
  job: string | null;
  agent: string | null;
  seq: string | number | null;
  /** data as PostgreSQL prints the jsonb: written as is, so no number goes through a JS double. */
  data: string;
};

/** One event's line (no newline): the protocol event's fields, absent ones left out. */
export function eventLine(r: Row): string {
  let line = `{"id":${JSON.stringify(r.id)},"type":${JSON.stringify(r.type)},"time":"${r.time}"`;
  if (r.job !== null) line += `,"job":${JSON.stringify(r.job)}`;
  if (r.agent !== null) line += `,"agent":${JSON.stringify(r.agent)}`;
  if (r.seq !== null) line += `,"seq":${String(r.seq)}`;
  return `${line},"data":${r.data}}`;
}

/** The events of [from, to) in (time, id) order, one page per query. */
export async function* exportedLines({
  db,
  projectId,
  from,
  to,
  pageSize = EXPORT_PAGE_SIZE,
  onEvent,
}: {
  db: Db;
  projectId: string;
  from: Date;
  to: Date;
  pageSize?: number;
  onEvent?: () => void;
}): AsyncGenerator<string> {
  let after: { time: string; id: string } | null = null;
  for (;;) {
    // `time >= t` bounds the index scan; the OR then skips the rows of that same instant already written.
    const keyset: ReturnType<typeof sql> = after
      ? sql`and time >= ${after.time}::timestamptz and (time > ${after.time}::timestamptz or id collate "C" > ${after.id})`
      : sql``;
    const rows = (await db.execute(sql`
      select id, type,
             to_char(time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as time,
             job_external_id as job, agent_name as agent, seq, data::text as data
      from event
      where project_id = ${projectId} and time >= ${from.toISOString()}::timestamptz
        and time < ${to.toISOString()}::timestamptz ${keyset}
      order by time, id collate "C"
      limit ${pageSize}
    `)) as unknown as Row[];
    for (const r of rows) {
      onEvent?.();
      yield `${eventLine(r)}\n`;
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = { time: last.time, id: last.id };
  }
}

export type ExportStats = { events: number; bytes: number; uncompressedBytes: number };

/** Writes the events of [from, to) to `out` as gzip'd JSON Lines; resolves once `out` has everything. */
export async function exportEvents(args: {
  db: Db;
  projectId: string;
  from: Date;
  to: Date;
  out: Writable;
  pageSize?: number;
}): Promise<ExportStats> {
  const stats: ExportStats = { events: 0, bytes: 0, uncompressedBytes: 0 };
  const gzip = createGzip();
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      stats.bytes += chunk.length;
      done(null, chunk);
    },
  });
  const lines = exportedLines({ ...args, onEvent: () => stats.events++ });
  await pipeline(Readable.from(lines), gzip, count, args.out);
  stats.uncompressedBytes = gzip.bytesWritten;
  return stats;
}
