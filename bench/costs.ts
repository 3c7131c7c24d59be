// `npm run bench:costs`: the Costs page's queries on the simulator's 14-day fleet (read from the rollups),
// next to the same totals computed from the raw usage events in the same run (what the rollups avoid); then
// the rollup check and a re-pricing of the last 7 days.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import { systemActor } from "@/lib/audit/record";
import { listBudgetStatuses } from "@/lib/costs/budgets";
import { checkRollups } from "@/lib/costs/check";
import { costJobsReport, costsReport } from "@/lib/costs/queries";
import { repriceHistory } from "@/lib/costs/reprice";
import { resolveRange } from "@/lib/range/range";
import { loadFleet } from "./lib/fleet";
import { timePages } from "./lib/pages";
import { benchDatabase, median } from "./lib/server";

const RUNS = 20;
const db = await benchDatabase("costs");
try {
  const { handle } = db;
  const { project } = await loadFleet(handle);
  const time = async (fn: () => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      xs.push(performance.now() - s);
    }
    return median(xs);
  };
  const projects = [{ id: project.id, slug: project.slug }];
  for (const kind of ["7d", "30d"] as const) {
    const range = resolveRange({ range: kind });
    const page = await time(() =>
      Promise.all([
        costsReport({ db: handle.db, projects, range, groupBy: "model" }),
        costJobsReport({ db: handle.db, projectId: project.id, range }),
        listBudgetStatuses({ db: handle.db, projectId: project.id }),
      ]),
    );
    const report = await costsReport({ db: handle.db, projects, range, groupBy: "model" });
    const raw = await time(() =>
      handle.db.execute(sql`
        select data->>'model' as model, count(*) as n,
          sum((data->>'input_tokens')::bigint) as input, sum((data->>'output_tokens')::bigint) as output,
          sum(coalesce((data->>'cache_read_tokens')::bigint, 0)) as cache_read,
          sum(coalesce((data->>'cost_usd')::numeric, 0)) as reported
        from event
        where project_id = ${project.id} and type = 'job.usage' and time >= ${range.from.toISOString()}::timestamptz
        group by 1`),
    );
    console.log(
      `Costs page queries, ${kind} (rollups)      : ${page.toFixed(1)} ms median of ${RUNS}  (spend $${report.totals.cost_usd.toFixed(2)})`,
    );
    console.log(
      `  same totals from raw usage events    : ${raw.toFixed(1)} ms   page / raw scan = ${(page / raw).toFixed(2)}x`,
    );
  }
  for (const p of await timePages(db.url, project.slug, [
    "/costs?range=7d",
    "/costs?range=30d&groupBy=agent",
  ])) {
    console.log(
      `GET ${p.path.padEnd(34)}: ${p.ms.toFixed(1)} ms server time, median of 15 (${p.bytes} bytes)`,
    );
  }
  const [{ n: usageEvents } = { n: 0 }] = rowsOf<{ n: number }>(
    await handle.db.execute(
      sql`select count(*)::int as n from event where project_id = ${project.id} and type = 'job.usage'`,
    ),
  );
  const c0 = performance.now();
  const check = await checkRollups({ db: handle.db, projectId: project.id });
  console.log(
    `costs:check: ${check.problems.length} differences over ${check.usageEvents} usage events (${usageEvents} stored), ${check.hourlyRows} hourly rows, in ${((performance.now() - c0) / 1000).toFixed(1)} s`,
  );
  const r0 = performance.now();
  const repriced = await repriceHistory({
    db: handle.db,
    from: new Date(Date.now() - 7 * 86_400_000),
    projectId: project.id,
    actor: systemActor("bench"),
  });
  console.log(
    `re-price last 7 days: ${repriced.usageEvents} usage events of ${repriced.jobs} jobs in ${((performance.now() - r0) / 1000).toFixed(1)} s`,
  );
  const after = await checkRollups({ db: handle.db, projectId: project.id });
  console.log(`costs:check after re-pricing: ${after.problems.length} differences`);
} finally {
  await db.stop();
}
