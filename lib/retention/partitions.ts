// The day partitions of event and transcript_entry (migration 0010, docs/adr/0038-partitioned-events.md): a
// project's table per project (LIST), a table per UTC day under it (RANGE on time). fleetwatch_ensure_day() in
// the database makes a missing pair, safe when instances race; this module decides which days to make and
// finds the days an insert needs when PostgreSQL reports no partition for a row.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { Db, DbOrTx } from "@/db/client";
import { errorChain, sqlState } from "@/lib/ingest/sql-errors";

const DAY_MS = 86_400_000;

/** The UTC day of a time, as YYYY-MM-DD. */
export const utcDay = (time: Date | string): string => new Date(time).toISOString().slice(0, 10);

/** PostgreSQL found no partition for a row: "no partition of relation ... found for row" (23514). */
export function isNoPartition(error: unknown): boolean {
  if (sqlState(error) !== "23514") return false;
  for (const e of errorChain(error))
    if (/no partition of relation/.test(String(e.message ?? ""))) return true;
  return false;
}

export type DayKey = { projectId: string; day: string };

/** Makes the partitions of each (project, UTC day), in one order (the function locks per project). */
export async function ensureDays(db: DbOrTx, keys: DayKey[]): Promise<void> {
  const unique = [...new Map(keys.map((k) => [`${k.projectId} ${k.day}`, k])).values()].sort((a, b) =>
    `${a.projectId} ${a.day}` < `${b.projectId} ${b.day}` ? -1 : 1,
  );
  for (const k of unique) {
    await db.execute(sql`select fleetwatch_ensure_day(${k.projectId}::uuid, ${k.day}::date)`);
  }
}

/** The days made ahead of time for a project: yesterday, today and the next two (UTC). */
export function daysAround(now: Date): string[] {
  return [-1, 0, 1, 2].map((offset) => utcDay(new Date(now.getTime() + offset * DAY_MS)));
}

/**
 * Runs `write`; when PostgreSQL finds no partition for one of its rows (an old import, a late event, a day
 * dropped by retention and written again), makes the partitions of `keys` and runs it again. `write` must be
 * atomic (one statement, or a transaction/savepoint) so a failed try leaves nothing behind.
 */
export async function withPartitions<T>(
  db: DbOrTx,
  keys: () => DayKey[],
  write: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isNoPartition(error) || attempt >= 3) throw error;
      await ensureDays(db, keys());
    }
  }
}

export type DayPartition = { table: "event" | "transcript_entry"; name: string; day: string };

/** A project's day partitions (both tables), oldest first. */
export async function listDayPartitions(db: DbOrTx, projectId: string): Promise<DayPartition[]> {
  const hex = projectId.replaceAll("-", "");
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      select c.relname as name from pg_inherits h
      join pg_class c on c.oid = h.inhrelid join pg_class parent on parent.oid = h.inhparent
      where parent.relname in (${`event_p${hex}`}, ${`transcript_entry_p${hex}`})`),
  );
  return rows
    .map((r) => {
      const m = /^(event|transcript_entry)_p[0-9a-f]{32}_(\d{4})(\d{2})(\d{2})$/.exec(r.name);
      return m
        ? { table: m[1] as DayPartition["table"], name: r.name, day: `${m[2]}-${m[3]}-${m[4]}` }
        : null;
    })
    .filter((p): p is DayPartition => p !== null)
    .sort((a, b) => (a.day === b.day ? (a.table < b.table ? -1 : 1) : a.day < b.day ? -1 : 1));
}

/** A partition's parent, and whether a concurrent detach of it was left half done. */
async function parentOf(db: DbOrTx, name: string) {
  const [row] = rowsOf<{ parent: string; pending: boolean }>(
    await db.execute(sql`
      select p.relname as parent, h.inhdetachpending as pending from pg_inherits h
      join pg_class c on c.oid = h.inhrelid join pg_class p on p.oid = h.inhparent
      where c.relname = ${name} and c.relnamespace = 'public'::regnamespace`),
  );
  return row ?? null;
}

/**
 * The suffix a day partition takes when retention detaches it, until its DROP: the day's name is free at once for
 * fleetwatch_ensure_day (a late event of that day makes it again), and a table left detached by a run that died
 * between the two steps is found by it (dropDetachedDays). At most 61 characters with it, under NAMEDATALEN.
 */
const DETACHED = "_x";
const DETACHED_NAME = /^(event|transcript_entry)_p[0-9a-f]{32}_\d{8}_x$/;

/**
 * Detaches a day partition and renames it aside (`<name>_x`), in one short transaction: the day leaves the
 * project's table in the time of a catalog change (4-7 ms for the two tables of a day of 200,000 events,
 * round trips and commit included, bench:retention), and the DROP that gives its space back comes after,
 * holding no lock of the project's (dropDetached). Plain DETACH takes ACCESS EXCLUSIVE on the project's table:
 * that project's inserts wait that long, other projects' do not notice; lock_timeout bounds the wait behind a
 * long transaction (the next run tries again). CONCURRENTLY would avoid the lock but waits for every open
 * snapshot (measured 100-250 ms per table here), for the same outcome. Returns the detached table's name, or null
 * when the day was already gone (another instance).
 */
export async function detachDay(db: Db, name: string): Promise<string | null> {
  const aside = `${name}${DETACHED}`;
  try {
    return await detachAside(db, name, aside);
  } catch (error) {
    // 42P07: the same day's table, left aside by a run that died before its drop (the day was made again since)
    if (sqlState(error) !== "42P07") throw error;
    await dropDetached(db, aside);
    return detachAside(db, name, aside);
  }
}

async function detachAside(db: Db, name: string, aside: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '2s'`);
    const [now] = rowsOf<{ parent: string | null; exists: boolean }>(
      await tx.execute(sql`
        select to_regclass(${`public.${name}`}) is not null as exists,
          (select p.relname from pg_inherits h join pg_class p on p.oid = h.inhparent
           where h.inhrelid = to_regclass(${`public.${name}`})) as parent`),
    );
    if (!now?.exists) return null;
    if (now.parent) {
      await tx.execute(
        sql`alter table ${sql.identifier(now.parent)} detach partition ${sql.identifier(name)}`,
      );
    }
    await tx.execute(sql`alter table ${sql.identifier(name)} rename to ${sql.identifier(aside)}`);
    return aside;
  });
}

/**
 * Drops a table detachDay set aside. Its own statement: it locks only that table, which nothing reads any more,
 * so the file system giving its space back (most of a drop's time here, bench:retention) holds up nobody's
 * inserts or reads of the project.
 */
export async function dropDetached(db: Db, aside: string): Promise<void> {
  if (!DETACHED_NAME.test(aside)) throw new Error(`not a detached day partition: ${aside}`);
  await db.execute(sql`drop table if exists ${sql.identifier(aside)}`);
}

/** Drops the day tables detached by a run that stopped before their DROP; returns how many. */
export async function dropDetachedDays(db: Db): Promise<number> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        and c.relname ~ ${DETACHED_NAME.source}
        and not exists (select 1 from pg_inherits h where h.inhrelid = c.oid)`),
  );
  for (const { name } of rows) await dropDetached(db, name);
  return rows.length;
}

/**
 * Removes a partition.
 * - A day of a project's table (retention): detachDay, then dropDetached in a statement of its own.
 * - A project's table under the root (purge, `concurrently`): DETACH ... CONCURRENTLY, since a plain DETACH would
 *   stop every project's ingest for its moment; it cannot run in a transaction, so `db` must be the pool. A
 *   detach another run left pending is finished (FINALIZE). Then its DROP (its day partitions go with it).
 * Returns false when the partition was already gone (another instance).
 */
export async function dropPartition(
  db: Db,
  name: string,
  { concurrently = false }: { concurrently?: boolean } = {},
): Promise<boolean> {
  if (!concurrently) {
    const aside = await detachDay(db, name);
    if (aside) await dropDetached(db, aside);
    return aside !== null;
  }
  const parent = await parentOf(db, name);
  if (parent) {
    const mode = parent.pending ? sql`finalize` : sql`concurrently`;
    await db.execute(
      sql`alter table ${sql.identifier(parent.parent)} detach partition ${sql.identifier(name)} ${mode}`,
    );
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '2s'`);
    const [now] = rowsOf<{ exists: boolean }>(
      await tx.execute(sql`select to_regclass(${`public.${name}`}) is not null as exists`),
    );
    if (!now?.exists) return false;
    await tx.execute(sql`drop table ${sql.identifier(name)}`);
    return true;
  });
}

/** The project's tables of event and transcript_entry (their day partitions go with them): a purge. */
export async function dropProjectPartitions(db: Db, projectId: string): Promise<number> {
  const hex = projectId.replaceAll("-", "");
  let dropped = 0;
  for (const name of [`event_p${hex}`, `transcript_entry_p${hex}`]) {
    if (await dropPartition(db, name, { concurrently: true })) dropped++;
  }
  return dropped;
}
