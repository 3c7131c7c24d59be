// `npm run bench:retention`: removing one day of 200,000 events (with their transcript entries) by partition
// (DETACH ... CONCURRENTLY + DROP of the day's two tables) vs DELETE of the same rows, in two identical projects
// loaded in the same run. The id ledger's trim (event_key rows of that day, the same chunked DELETE whichever
// way the day goes) is printed apart, and in a second ratio that includes it on both sides.
// BENCH_EVENTS sets the day's size (default 200,000). measureRetention is exported for bench:scale.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ensureProject } from "@/lib/projects/queries";
import { dropPartition, ensureDays } from "@/lib/retention/partitions";
import { deleteInChunks } from "@/lib/retention/run";
import { benchDatabase } from "./lib/server";

const DAY_MS = 86_400_000;

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
  /** DELETE of the same rows (event, transcript_entry) in the other project. */
  deleteMs: number;
  /** The ledger trim of the day (event_key), the same in both ways. */
  ledgerMs: number;
  ratio: number;
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
  await db.execute(sql`checkpoint`); // both ways start from the same clean state
  const ymd = day.replaceAll("-", "");

  let t = performance.now();
  for (const table of ["event", "transcript_entry"]) {
    await dropPartition(db, `${table}_p${a.id.replaceAll("-", "")}_${ymd}`);
  }
  const partitionMs = performance.now() - t;
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
  return {
    events,
    loadSeconds,
    partitionMs,
    deleteMs,
    ledgerMs,
    ratio: deleteMs / partitionMs,
    ratioWithLedger: (deleteMs + ledgerMs) / (partitionMs + ledgerMs),
  };
}

export function printRetention(f: RetentionFigures) {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`one day of ${f.events.toLocaleString("en")} events + as many transcript entries, per project`);
  console.log(`loaded both projects in ${f.loadSeconds.toFixed(1)} s`);
  console.log(`by partition (detach + drop, events and entries) : ${ms(f.partitionMs)}`);
  console.log(`by DELETE of the same rows                      : ${ms(f.deleteMs)}`);
  console.log(`ratio DELETE / partition                         : ${f.ratio.toFixed(0)}x (target >= 100x)`);
  console.log(
    `id ledger trim of the day (event_key, chunked)   : ${ms(f.ledgerMs)} (the same whichever way)`,
  );
  console.log(`ratio with the ledger trim on both sides         : ${f.ratioWithLedger.toFixed(1)}x`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bench = await benchDatabase("retention");
  try {
    printRetention(await measureRetention(bench.handle.db, Number(process.env.BENCH_EVENTS ?? 200_000)));
  } finally {
    await bench.stop();
  }
}
