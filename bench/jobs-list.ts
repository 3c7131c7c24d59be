// `npm run bench:jobs-list`: the Jobs list's first page (every sort, both directions), a deep page and the
// total at 1,000,000 jobs in one project (BENCH_JOBS to change it), for ranges 24h, 7d and all time and one
// filter. The jobs are written straight into the job table (the list reads only that projection; going
// through ingest would take an hour on a small machine): 14 days of a 50-agent fleet, 21 models, 4 harnesses,
// 5% without a cost. Median of BENCH_RUNS runs per cell, in ms; BENCH_EXPLAIN=1 prints the plans. The total
// is timed alone too, next to the exact count it replaces (the baseline, in the same run).
import { and, eq, gte, sql } from "drizzle-orm";
import { job } from "@/db/schema";
import { countMatching, JOBS_TOTAL_CAP, listJobs } from "@/lib/jobs/queries";
import { JOB_SORTS, jobsQuerySchema } from "@/lib/jobs/schemas";
import { orderBySql } from "@/lib/jobs/sort";
import { ensureProject } from "@/lib/projects/queries";
import { resolveRange } from "@/lib/range/range";
import { benchDatabase, median } from "./lib/server";

const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const db = await benchDatabase("jobs_list");
try {
  const { handle } = db;
  const project = await ensureProject({ db: handle.db, slug: "fleet" });
  const t0 = performance.now();
  // one job every (14 days / JOBS) back from now; most end within 10 minutes, 2% are still running
  await handle.db.execute(sql`
    insert into job (project_id, external_id, agent_name, title, status, harness, model, started_at, ended_at,
                     first_event_at, last_event_at, cost_usd, event_count)
    select ${project.id}::uuid, 'job-' || i, 'agent-' || (i % 50), 'Job ' || md5(i::text),
           (array['succeeded','succeeded','succeeded','failed','cancelled'])[1 + i % 5]::text,
           (array['claude-code','codex','aider','home-loop'])[1 + i % 4],
           'model-' || (i % 21), s, case when i % 50 = 7 then null else s + ((i % 600) || ' seconds')::interval end,
           s, case when i % 50 = 7 then s else s + ((i % 600) || ' seconds')::interval end,
           case when i % 20 = 3 then null else ((i::bigint * 7919) % 100000) / 10000.0 end, 10
    from generate_series(1, ${JOBS}::int) i, lateral (select now() - (i * ${(14 * 86_400) / JOBS}::float8 * interval '1 second') s) t`);
  await handle.db.execute(
    sql`update job set status = 'running' where project_id = ${project.id} and ended_at is null`,
  );
  await handle.db.execute(sql`vacuum analyze job`);
  console.log(
    `${JOBS.toLocaleString("en-US")} jobs written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const time = async (fn: () => Promise<unknown>) => {
    await fn(); // warm
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      xs.push(performance.now() - s);
    }
    return median(xs);
  };
  const list = (q: Record<string, unknown>) =>
    listJobs({ db: handle.db, projectId: project.id, filters: jobsQuerySchema.parse({ limit: 50, ...q }) });

  const ranges = ["24h", "7d", "all"] as const;
  console.log(`\nfirst page of 50 with its total, median of ${RUNS} runs (ms)`);
  console.log(`${"sort".padEnd(16)}${ranges.map((r) => r.padStart(9)).join("")}`);
  for (const sort of JOB_SORTS)
    for (const dir of ["desc", "asc"] as const) {
      const cells: string[] = [];
      for (const range of ranges)
        cells.push((await time(() => list({ sort, dir, range }))).toFixed(1).padStart(9));
      console.log(`${`${sort} ${dir}`.padEnd(16)}${cells.join("")}`);
    }

  // the total alone: an exact count (the baseline) against the capped one listJobs runs
  console.log(
    `\nthe total alone, ms: exact count (baseline) vs counted up to ${JOBS_TOTAL_CAP.toLocaleString("en-US")}`,
  );
  for (const range of ranges) {
    const where = [eq(job.projectId, project.id)];
    if (range !== "all") where.push(gte(job.lastEventAt, resolveRange({ range }).from));
    const exact = () =>
      handle.db
        .select({ n: sql<number>`count(*)::int` })
        .from(job)
        .where(and(...where));
    const [n] = await exact();
    const exactMs = await time(exact);
    const cappedMs = await time(() => countMatching({ db: handle.db, where }));
    console.log(
      `  ${range.padEnd(4)} exact ${exactMs.toFixed(1).padStart(8)}  capped ${cappedMs.toFixed(1).padStart(7)}  ` +
        `ratio ${(exactMs / cappedMs).toFixed(1)}x  (${n?.n.toLocaleString("en-US")} jobs)`,
    );
  }

  console.log("\nfilter agent=agent-7 (2% of jobs), all time, ms");
  for (const sort of ["started", "cost", "title"] as const)
    console.log(
      `  ${sort.padEnd(8)} ${(await time(() => list({ sort, range: "all", agent: "agent-7" }))).toFixed(1)}`,
    );

  // page 21 (rows 1001-1050): the cursor keeps each page as cheap as the first for the indexed sort
  console.log("\npage 21 by cursor, all time, ms");
  for (const sort of ["started", "cost"] as const) {
    let cursor: string | undefined;
    for (let p = 0; p < 20; p++)
      cursor = (await list({ sort, range: "all", cursor })).next_cursor ?? undefined;
    console.log(`  ${sort.padEnd(8)} ${(await time(() => list({ sort, range: "all", cursor }))).toFixed(1)}`);
  }

  if (process.env.BENCH_EXPLAIN === "1") {
    for (const q of [
      sql`select count(*) from job where project_id = ${project.id}`,
      sql`select count(*) from (select 1 from job where project_id = ${project.id} limit ${JOBS_TOTAL_CAP + 1}) m`,
      sql`select * from job where project_id = ${project.id} order by cost_usd desc nulls last, id desc limit 51`,
      // the previous ORDER BY (nulls first: not the index's order), then listJobs' own
      sql`select * from job where project_id = ${project.id} order by sort_at desc, id desc limit 51`,
      sql`select * from job where project_id = ${project.id} order by ${sql.join(orderBySql("started", "desc"), sql`, `)} limit 51`,
    ]) {
      const plan = (await handle.db.execute(sql`explain (analyze, buffers) ${q}`)) as unknown as Record<
        string,
        string
      >[];
      console.log(`\n${plan.map((r) => Object.values(r)[0]).join("\n")}`);
    }
  }
} finally {
  await db.stop();
}
