// The replica-routing check of `npm run bench:scale` (issue 17, point 5), run as a process of its own because
// lib/env.ts reads FLEETWATCH_READ_DATABASE_URL once, at its first import: a primary and a hot standby on localhost
// (pg_basebackup, tests/helpers/replica-cluster.ts), a small fleet ingested through the write path, then every
// dashboard's data function (bench/lib/scale-pages.ts) called on the database the pages take (getReadDb).
// What it checks, and prints:
//  - ingest ran on the primary: the write pool is not in recovery and the primary holds the events;
//  - the dashboards' reads ran on the standby: getReadDb is in recovery, the standby's pg_stat_activity has the
//    replica read pool's connections ("fleetwatch-read-replica") and the primary has no read-pool connection;
//  - by the data: with the standby's replay paused, a job ingested on the primary is on the primary at once and
//    not in the Overview read through getReadDb; once replay resumes, it is.
// Exits 0 and prints "replica routing: ok (...)", or prints what failed and exits 1.
import postgres from "postgres";
import { startReplicaCluster } from "../tests/helpers/replica-cluster";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cluster = await startReplicaCluster();
process.env.DATABASE_URL = cluster.primaryUrl;
process.env.FLEETWATCH_READ_DATABASE_URL = cluster.replicaUrl;
process.env.FLEETWATCH_READ_MAX_LAG_MS = "60000"; // a paused replay must not send reads to the primary here
const primary = postgres(cluster.primaryUrl, { max: 1, onnotice: () => {} });
const replica = postgres(cluster.replicaUrl, { max: 1, onnotice: () => {} });
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
};
try {
  const { getDb, getDbHandle } = await import("@/db/client");
  const { getReadDb, closeReadPools } = await import("@/db/read");
  const { ensureProject } = await import("@/lib/projects/queries");
  const { ingestBatch } = await import("@/lib/ingest/ingest");
  const { countJobs } = await import("@/lib/jobs/queries");
  const { generateFleet } = await import("@/lib/simulator");
  const { pageCases } = await import("./lib/scale-pages");
  const { sql } = await import("drizzle-orm");
  const inRecovery = async (db: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> }) =>
    ((await db.execute(sql`select pg_is_in_recovery() as r`)) as { r: boolean }[])[0]?.r;

  const db = await getDb(); // migrates the primary; the standby replays it
  const project = await ensureProject({ db, slug: "replica-check" });
  const events = [
    ...generateFleet({ agents: 10, days: 1, jobsPerDay: 120, seed: 3, now: Date.now() - 60_000 }),
  ];
  for (let i = 0; i < events.length; i += 1000)
    await ingestBatch({ db, projectId: project.id, apiKeyId: null, rawEvents: events.slice(i, i + 1000) });
  check((await inRecovery(db)) === false, "the write pool is on the primary");
  const [{ n: onPrimary } = { n: 0 }] = await primary<{ n: number }[]>`
    select count(*)::int as n from event where project_id = ${project.id}`;
  check(
    onPrimary === events.length,
    `the primary holds the ${events.length} ingested events (has ${onPrimary})`,
  );
  const caughtUp = async () => {
    const [row] = await primary<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`;
    for (let i = 0; i < 400; i++) {
      const [r] = await replica<
        { done: boolean }[]
      >`select pg_last_wal_replay_lsn() >= ${row?.lsn ?? "0/0"}::pg_lsn as done`;
      if (r?.done) return;
      await sleep(50);
    }
    throw new Error("the standby did not catch up");
  };
  await caughtUp();

  const readDb = await getReadDb();
  check((await inRecovery(readDb)) === true, "getReadDb (what the pages read) is the standby");
  const agent = events.find((e) => e.agent)?.agent ?? "";
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const cases = pageCases(readDb, project.id, { user: { id: "bench" }, day, agent });
  for (const c of cases) await c.run();
  const apps = async (s: postgres.Sql) =>
    (
      await s<
        { a: string }[]
      >`select application_name as a from pg_stat_activity where datname = current_database()`
    ).map((r) => r.a);
  const [onReplica, onPrimaryApps] = [await apps(replica), await apps(primary)];
  const replicaReads = onReplica.filter((a) => a === "fleetwatch-read-replica").length;
  const primaryReads = onPrimaryApps.filter((a) => a === "fleetwatch-read").length;
  check(replicaReads > 0, `the standby serves the read pool (${replicaReads} connections)`);
  check(primaryReads === 0, `no read-pool connection on the primary (${primaryReads})`);

  // by the data: a job the primary has and the paused standby has not yet
  await replica`select pg_wal_replay_pause()`;
  const before = await countJobs({ db: readDb, projectId: project.id });
  const time = new Date(Date.now() - 30_000).toISOString();
  const fresh = {
    id: "replica-check-1",
    type: "job.started",
    time,
    job: "replica-check-job",
    agent,
    data: { harness: "claude-code", model: "claude-sonnet-4-5", title: "routing probe" },
  };
  await ingestBatch({ db, projectId: project.id, apiKeyId: null, rawEvents: [fresh] });
  const onPrimaryNow = await countJobs({ db, projectId: project.id });
  const onReadPaused = await countJobs({ db: readDb, projectId: project.id });
  check(
    onPrimaryNow === before + 1,
    `the ingested job is on the primary at once (${before} -> ${onPrimaryNow})`,
  );
  check(
    onReadPaused === before,
    `the dashboards' read does not see it while replay is paused (${onReadPaused})`,
  );
  await replica`select pg_wal_replay_resume()`;
  await caughtUp();
  const onReadResumed = await countJobs({ db: readDb, projectId: project.id });
  check(onReadResumed === before + 1, `it is seen once the standby replays (${onReadResumed})`);

  if (failures.length === 0) {
    console.log(
      `replica routing: ok (ingest of ${events.length} events wrote the primary; ${cases.length} dashboard data calls ` +
        `ran on the standby: ${replicaReads} replica read connections, 0 read connections on the primary; a job ` +
        `ingested while replay was paused: primary ${onPrimaryNow} jobs, dashboards ${onReadPaused}, after replay ${onReadResumed})`,
    );
  } else {
    console.log(`replica routing: FAILED\n  ${failures.join("\n  ")}`);
    process.exitCode = 1;
  }
  await closeReadPools();
  await (await getDbHandle()).close();
} catch (error) {
  console.log(`replica routing: FAILED (${error instanceof Error ? error.message : String(error)})`);
  process.exitCode = 1;
} finally {
  await primary.end({ timeout: 1 });
  await replica.end({ timeout: 1 });
  cluster.stop();
}
