// `npm run bench:search`: transcript search on the simulator's default fleet (about 330,000 events), for a rare
// word, a common word and a phrase over 24h, 7d and all time: GET /api/v1/search's query function and the Jobs
// list's search filter (listJobs), p50/p95 per cell, next to the previous implementation measured in the same
// run (kept below: one statement sorting every match with its snippet; a per-job EXISTS for the list).
// BENCH_EXPLAIN=1 prints the plans (EXPLAIN ANALYZE) of the new statements for the all-time cells.
// BENCH_DATABASE_URL=<server> BENCH_REUSE=1 reuses the fleet a previous run loaded there (loading takes minutes).
import { and, desc, eq, gte, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { job, transcriptEntry } from "@/db/schema";
import { listJobs } from "@/lib/jobs/queries";
import { jobsQuerySchema } from "@/lib/jobs/schemas";
import { type RangePreset, resolveRange } from "@/lib/range/range";
import { jobsMatching, matchingEntries, parseSearch, searchTranscripts } from "@/lib/transcripts/search";
import { fleetDatabase } from "./lib/fleet";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
// ts_stat on the fleet: "allocation" is in 4 entries, "the" in 66,905 (of 311,940); the phrase "in the" has
// 12,153 entries holding both words, 2,020 of them as a phrase (the GIN index cannot tell which: a recheck)
const QUERIES = { rare: "allocation", common: "the", phrase: '"in the"' } as const;
const RANGES = ["24h", "7d", "all"] as const;
type Range = (typeof RANGES)[number];

// ---- the previous implementation (baseline) -------------------------------------------------------------
const oldTsv = sql`to_tsvector('simple', left(coalesce(${transcriptEntry.text}, ''), 10000))`;
function oldSearch(db: Db, projectId: string, query: string, from: Date | null) {
  const q = sql`websearch_to_tsquery('simple', ${query})`;
  const where: SQL[] = [eq(transcriptEntry.projectId, projectId), sql`${oldTsv} @@ ${q}`];
  if (from) where.push(gte(transcriptEntry.time, from)); // the old API had no range: all time only
  return db
    .select({
      jobId: job.id,
      entryId: transcriptEntry.eventId,
      snippet: sql<string>`ts_headline('simple', left(coalesce(${transcriptEntry.text}, ''), 10000), ${q}, 'StartSel=«, StopSel=», MaxWords=24, MinWords=8, MaxFragments=1')`,
    })
    .from(transcriptEntry)
    .innerJoin(job, eq(job.id, transcriptEntry.jobId))
    .where(and(...where))
    .orderBy(desc(transcriptEntry.time))
    .limit(50);
}
function oldJobsList(db: Db, projectId: string, query: string, from: Date | null) {
  const where: SQL[] = [
    eq(job.projectId, projectId),
    sql`exists (select 1 from ${transcriptEntry} where ${transcriptEntry.jobId} = ${job.id} and ${transcriptEntry.projectId} = ${projectId} and ${oldTsv} @@ websearch_to_tsquery('simple', ${query}))`,
  ];
  if (from) where.push(gte(job.lastEventAt, from));
  return db
    .select()
    .from(job)
    .where(and(...where))
    .orderBy(desc(job.sortAt), desc(job.id))
    .limit(51);
}
// ----------------------------------------------------------------------------------------------------------

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}
async function time(fn: () => Promise<unknown>) {
  await fn(); // warm
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return { p50: pct(xs, 50), p95: pct(xs, 95) };
}

const fleet = await fleetDatabase("search");
try {
  const db = fleet.handle.db;
  const projectId = fleet.project.id;
  const fromOf = (r: Range) => (r === "all" ? null : resolveRange({ range: r as RangePreset }).from);
  const fmt = (t: { p50: number; p95: number }) =>
    `${t.p50.toFixed(1).padStart(7)} ${t.p95.toFixed(1).padStart(7)}`;
  const cells: { label: string; p95: number }[] = [];

  console.log(`\nserver-side time in ms, ${RUNS} runs per cell (p50 p95); old = previous implementation`);
  console.log(
    `${"".padEnd(22)}${"search new".padStart(16)}${"search old".padStart(16)}${"jobs list new".padStart(16)}${"jobs list old".padStart(16)}`,
  );
  for (const [shape, q] of Object.entries(QUERIES)) {
    for (const r of RANGES) {
      const from = fromOf(r) ?? undefined;
      const sNew = await time(() => searchTranscripts({ db, projectId, query: q, from }));
      const sOld = await time(() => oldSearch(db, projectId, q, from ?? null));
      const filters = jobsQuerySchema.parse({ search: q, range: r, limit: 50 });
      const jNew = await time(() => listJobs({ db, projectId, filters }));
      const jOld = await time(() => oldJobsList(db, projectId, q, from ?? null));
      const label = `${shape} (${q}), ${r}`;
      cells.push({ label: `search ${label}`, p95: sNew.p95 }, { label: `jobs list ${label}`, p95: jNew.p95 });
      console.log(`${label.padEnd(22)} ${fmt(sNew)} ${fmt(sOld)} ${fmt(jNew)} ${fmt(jOld)}`);
    }
  }
  const worst = cells.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  console.log(`\nworst p95 of the new code: ${worst.p95.toFixed(1)} ms (${worst.label}); target < 300 ms`);

  if (process.env.BENCH_EXPLAIN === "1") {
    for (const q of Object.values(QUERIES)) {
      const terms = await parseSearch(db, q);
      if (!terms) continue;
      const plans = [
        ["search page", matchingEntries(projectId, terms, [], 51)],
        [
          "jobs list filter",
          sql`select * from job where job.project_id = ${projectId} and ${jobsMatching(projectId, terms, sql`job.project_id = ${projectId}`, 51)} order by job.sort_at desc, job.id desc limit 51`,
        ],
      ] as const;
      for (const [name, statement] of plans) {
        const rows = (await db.execute(sql`explain (analyze, buffers) ${statement}`)) as unknown as Record<
          string,
          string
        >[];
        console.log(`\n== ${name}: ${q}, all time`);
        for (const row of rows) console.log(Object.values(row)[0]);
      }
    }
  }
} finally {
  await fleet.stop();
}
