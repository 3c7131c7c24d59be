// `npm run bench:retention`: removing one day of 200,000 events (with their transcript entries) by partition
// (DETACH + DROP of the day's two tables, timed apart too) vs DELETE of the same rows, in two identical projects
// loaded in the same run. The id ledger's trim (event_key rows of that day, the same chunked DELETE whichever
// way the day goes) is printed apart, and in a second ratio that includes it on both sides.
// BENCH_EVENTS sets the day's size (default 200,000). measureRetention is exported for bench:scale.
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { Db } from "@/db/client";
import { ensureProject } from "@/lib/projects/queries";
import {
  detachDay,
  dropDetached,
  dropPartition,
  ensureDays,
  listDayPartitions,
} from "@/lib/retention/partitions";
import { deleteInChunks } from "@/lib/retention/run";
import { benchDatabase } from "./lib/server";

const DAY_MS = 86_400_000;

/** The bytes of tables `names` (with their indexes and TOAST), before they go. */
async function bytesOf(db: Db, names: string[]): Promise<number> {
  const rows = rowsOf<{ bytes: string }>(
    await db.execute(sql`select coalesce(sum(pg_total_relation_size(to_regclass(n))), 0)::text as bytes
      from unnest(array[${sql.join(
        names.map((n) => sql`${n}`),
        sql`, `,
      )}]::text[]) n`),
  );
  return Number(rows[0]?.bytes ?? 0);
}

/**
 * What the file system of the database's data directory takes to give `bytes` back: a file of that size
 * written there (synced), then timed while it is unlinked. Dropping a partition ends the same way (PostgreSQL
 * truncates its files at commit), so any drop pays about this much here, whatever the database does. Null when the
 * data directory is not on this machine or not writable.
 */
async function filesystemFreeMs(db: Db, bytes: number): Promise<number | null> {
  let file: string | null = null;
  try {
    const [row] = rowsOf<{ dir: string }>(
      await db.execute(sql`select current_setting('data_directory') as dir`),
    );
    if (!row?.dir || !fs.existsSync(row.dir)) return null;
    file = path.join(path.dirname(row.dir), `fs-free-${process.pid}.bin`);
    const chunk = Buffer.alloc(8 << 20, 7);
    const fd = fs.openSync(file, "w");
    try {
      for (let left = bytes; left > 0; left -= chunk.length)
        fs.writeSync(fd, chunk, 0, Math.min(left, chunk.length));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const t = performance.now();
    fs.unlinkSync(file);
    return performance.now() - t;
  } catch {
    if (file) fs.rmSync(file, { force: true });
    return null;
  }
}

/** One day of `events` events (one job per 40) and their transcript entries, by INSERT ... SELECT. */
async function loadDay(db: Db, projectId: string, day: string, events: number) {
  const jobs = Math.ceil(events / 40);
  await db.execute(sql`
    insert into job (id, project_id, external_id, agent_name, status, first_event_at, last_event_at)
    select md5(${projectId} || g)::uuid, ${projectId}, 'job-' || g, 'agent-' || (g % 200), 'succeeded',
           ${day}::timestamptz + (g % 86000) * interval '1 second', ${day}::timestamptz + (g % 86000 + 300) * interval '1 second'
    from generate_series(1, ${jobs}) g`);
  const at = sql`${day}::timestamptz + (g::bigint * 86399 / ${events}) * interval '1 second'`;
  await db.execute(sql`
    insert into event (project_id, id, type, time, job_external_id, agent_name, seq, data)
    select ${projectId}, 'e-' || g, 'job.message', ${at}, 'job-' || (g % ${jobs} + 1), 'agent-' || (g % 200), g,
           jsonb_build_object('role', 'assistant', 'text', 'step ' || g || ' of the day: ran the tests, 3 failed, fixing')
    from generate_series(1, ${events}) g`);
  await db.execute(sql`
    insert into event_key (project_id, id, time) select ${projectId}, 'e-' || g, ${at}
    from generate_series(1, ${events}) g`);
  await db.execute(sql`
    insert into transcript_entry (project_id, job_id, event_id, time, seq, kind, role, text)
    select ${projectId}, md5(${projectId} || (g % ${jobs} + 1))::uuid, 'e-' || g, ${at}, g, 'message', 'assistant',
           'step ' || g || ' of the day: ran the tests, 3 failed, fixing'
    from generate_series(1, ${events}) g`);
}

export type RetentionFigures = {
  events: number;
  loadSeconds: number;
  /** Detach + drop of the day's event and transcript_entry partitions. */
  partitionMs: number;
  /** The detach alone (with the rename aside): the time the day takes to leave the tables. */
  detachMs: number;
  /** Their size on disk (tables, indexes, TOAST). */
  partitionBytes: number;
  /** The file system giving that many bytes back (unlink of a file that size next to the data directory). */
  filesystemMs: number | null;
  /** DELETE of the same rows (event, transcript_entry) in the other project. */
  deleteMs: number;
  /** VACUUM of the two tables after the DELETE (what gives the space back). */
  vacuumMs: number;
  /** The ledger trim of the day (event_key), the same in both ways. */
  ledgerMs: number;
  ratio: number;
  ratioWithVacuum: number;
  /** DELETE / the detach alone: the rows leaving the table either way, neither giving their space back yet. */
  ratioToDetach: number;
  ratioWithLedger: number;
};

/** Loads the day in two projects of `db`, removes it both ways, returns the figures. */
export async function measureRetention(db: Db, events = 200_000): Promise<RetentionFigures> {
  const suffix = Date.now().toString(36);
  const a = await ensureProject({ db, slug: `ret-part-${suffix}` });
  const b = await ensureProject({ db, slug: `ret-delete-${suffix}` });
  const day = new Date(Date.now() - 100 * DAY_MS).toISOString().slice(0, 10);
  await ensureDays(db, [
    { projectId: a.id, day },
    { projectId: b.id, day },
  ]);
  const t0 = performance.now();
  await loadDay(db, a.id, day, events);
  await loadDay(db, b.id, day, events);
  await db.execute(sql`analyze event_key`);
  const loadSeconds = (performance.now() - t0) / 1000;
  const ymd = day.replaceAll("-", "");
  const dayTables = (projectId: string) =>
    ["event", "transcript_entry"].map((table) => `${table}_p${projectId.replaceAll("-", "")}_${ymd}`);
  const names = dayTables(a.id);
  // Vacuumed first, as a day past retention long has been: else autovacuum, drawn by the fresh rows, can hold
  // the partition when the drop comes, and the drop waits until it is cancelled (deadlock_timeout, 1 s; most
  // likely why one drop took 1.5 s in bench:scale).
  for (const table of [...names, ...dayTables(b.id)])
    await db.execute(sql`vacuum (analyze) ${sql.identifier(table)}`);
  await db.execute(sql`checkpoint`); // both ways start from the same clean state
  const partitionBytes = await bytesOf(db, names);

  let t = performance.now();
  const asides: string[] = [];
  for (const name of names) {
    const aside = await detachDay(db, name);
    if (aside) asides.push(aside);
  }
  const detachMs = performance.now() - t;
  t = performance.now();
  for (const aside of asides) await dropDetached(db, aside);
  const partitionMs = detachMs + (performance.now() - t);
  const from = `${day}T00:00:00Z`;
  const to = new Date(Date.parse(from) + DAY_MS).toISOString();
  t = performance.now();
  await deleteInChunks(
    db,
    "event_key",
    sql`project_id = ${a.id} and time >= ${from}::timestamptz and time < ${to}::timestamptz`,
    5000,
  );
  const ledgerMs = performance.now() - t;

  t = performance.now();
  await db.execute(
    sql`delete from event where project_id = ${b.id} and time >= ${from}::timestamptz and time < ${to}::timestamptz`,
  );
  await db.execute(
    sql`delete from transcript_entry where project_id = ${b.id} and time >= ${from}::timestamptz and time < ${to}::timestamptz`,
  );
  const deleteMs = performance.now() - t;
  // DELETE only marks the rows dead: their space (and index entries) come back with a VACUUM of those tables
  t = performance.now();
  for (const table of ["event", "transcript_entry"]) {
    await db.execute(sql`vacuum ${sql.identifier(`${table}_p${b.id.replaceAll("-", "")}_${ymd}`)}`);
  }
  const vacuumMs = performance.now() - t;
  return {
    events,
    loadSeconds,
    partitionMs,
    detachMs,
    partitionBytes,
    filesystemMs: await filesystemFreeMs(db, partitionBytes),
    deleteMs,
    vacuumMs,
    ledgerMs,
    ratio: deleteMs / partitionMs,
    ratioWithVacuum: (deleteMs + vacuumMs) / partitionMs,
    ratioToDetach: deleteMs / detachMs,
    ratioWithLedger: (deleteMs + vacuumMs + ledgerMs) / (partitionMs + ledgerMs),
  };
}

export type FleetDayFigures = {
  partitioned: { day: string; events: number; entries: number; ms: number };
  deleted: { day: string; events: number; entries: number; ms: number; vacuumMs: number };
  ratio: number;
  ratioWithVacuum: number;
};

/**
 * On a loaded fleet (bench:scale): its two oldest days, one removed by dropping its partitions, the other (the
 * same jobs one day later, clone-and-shift) by DELETE of its rows then VACUUM. Real transcripts, real sizes.
 */
export async function measureFleetDays(db: Db, projectId: string): Promise<FleetDayFigures | null> {
  const days = [...new Set((await listDayPartitions(db, projectId)).map((p) => p.day))];
  const count = async (day: string) => {
    const from = `${day}T00:00:00Z`;
    const to = new Date(Date.parse(from) + DAY_MS).toISOString();
    const q = (table: string) =>
      db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}
        where project_id = ${projectId} and time >= ${from}::timestamptz and time < ${to}::timestamptz`);
    const n = async (table: string) => Number(rowsOf<{ n: number }>(await q(table))[0]?.n ?? 0);
    return { from, to, events: await n("event"), entries: await n("transcript_entry") };
  };
  // the oldest day may be partial (the copies' shift): take the first two days holding a full copy
  const full: { day: string; from: string; to: string; events: number; entries: number }[] = [];
  for (const day of days) {
    const c = await count(day);
    if (c.events > 0) full.push({ day, ...c });
    if (full.length === 3) break;
  }
  const [a, b] = full.slice(-2);
  if (!a || !b) return null;
  await db.execute(sql`checkpoint`);
  const hex = projectId.replaceAll("-", "");
  const ymd = (d: string) => d.replaceAll("-", "");
  let t = performance.now();
  for (const table of ["event", "transcript_entry"])
    await dropPartition(db, `${table}_p${hex}_${ymd(a.day)}`);
  const partitionMs = performance.now() - t;
  t = performance.now();
  for (const table of ["event", "transcript_entry"])
    await db.execute(sql`delete from ${sql.identifier(table)}
      where project_id = ${projectId} and time >= ${b.from}::timestamptz and time < ${b.to}::timestamptz`);
  const deleteMs = performance.now() - t;
  t = performance.now();
  for (const table of ["event", "transcript_entry"])
    await db.execute(sql`vacuum ${sql.identifier(`${table}_p${hex}_${ymd(b.day)}`)}`);
  const vacuumMs = performance.now() - t;
  return {
    partitioned: { day: a.day, events: a.events, entries: a.entries, ms: partitionMs },
    deleted: { day: b.day, events: b.events, entries: b.entries, ms: deleteMs, vacuumMs },
    ratio: deleteMs / partitionMs,
    ratioWithVacuum: (deleteMs + vacuumMs) / partitionMs,
  };
}

export function printFleetDays(f: FleetDayFigures | null) {
  if (!f) {
    console.log("fleet days: fewer than two full days loaded, not measured");
    return;
  }
  const n = (x: number) => x.toLocaleString("en");
  console.log(
    `  by partition: ${f.partitioned.day} (${n(f.partitioned.events)} events, ${n(f.partitioned.entries)} transcript entries) in ${f.partitioned.ms.toFixed(1)} ms`,
  );
  console.log(
    `  by DELETE:    ${f.deleted.day} (${n(f.deleted.events)} events, ${n(f.deleted.entries)} transcript entries) in ${f.deleted.ms.toFixed(1)} ms, + VACUUM ${f.deleted.vacuumMs.toFixed(1)} ms`,
  );
  console.log(
    `  ratio DELETE / partition ${f.ratio.toFixed(1)}x; with the VACUUM ${f.ratioWithVacuum.toFixed(1)}x (target >= 100x)`,
  );
}

export function printRetention(f: RetentionFigures) {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const lines = [
    `one day of ${f.events.toLocaleString("en")} events + as many transcript entries, per project`,
    `loaded both projects in ${f.loadSeconds.toFixed(1)} s`,
    `by partition (DETACH + DROP of the day's two tables): ${ms(f.partitionMs)}`,
    `  of which the DETACH (rows gone from the tables)    : ${ms(f.detachMs)}; the DROP after it: ${ms(f.partitionMs - f.detachMs)}`,
    `by DELETE of the same rows                          : ${ms(f.deleteMs)}`,
    `  + VACUUM of the two tables (gives the space back) : ${ms(f.vacuumMs)}`,
    `ratio DELETE / partition                            : ${f.ratio.toFixed(1)}x`,
    `ratio DELETE + VACUUM / partition                   : ${f.ratioWithVacuum.toFixed(1)}x (target >= 100x)`,
    `ratio DELETE / DETACH (removal alone, no space back): ${f.ratioToDetach.toFixed(1)}x`,
    `id ledger trim of the day (event_key, chunked)      : ${ms(f.ledgerMs)} (the same whichever way)`,
    `ratio with the ledger trim on both sides            : ${f.ratioWithLedger.toFixed(1)}x`,
  ];
  if (f.filesystemMs != null)
    lines.push(
      `the dropped tables held ${(f.partitionBytes / 2 ** 20).toFixed(0)} MB; freeing that many bytes alone takes this file system ${ms(f.filesystemMs)} (unlink of a file that size by the data directory), ${((100 * f.filesystemMs) / f.partitionMs).toFixed(0)}% of the drop's ${ms(f.partitionMs)}; with a drop at that floor, 100x would ask DELETE + VACUUM to take ${((100 * f.filesystemMs) / 1000).toFixed(1)} s`,
    );
  for (const line of lines) console.log(line);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const events = Number(process.env.BENCH_EVENTS ?? 200_000);
  // twice: on the test cluster's settings (durability off, as every bench) and with fsync, synchronous commit
  // and full-page writes on, as a production server runs: a DELETE's cost is mostly the WAL it writes
  for (const durable of [false, true]) {
    console.log(
      durable
        ? "\nwith production durability (fsync, synchronous_commit, full_page_writes on)"
        : "with the test cluster's settings (durability off)",
    );
    const bench = await benchDatabase(durable ? "retention_durable" : "retention", { durable });
    try {
      printRetention(await measureRetention(bench.handle.db, events));
    } finally {
      await bench.stop();
    }
  }
}
