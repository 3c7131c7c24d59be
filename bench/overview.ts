// `npm run bench:overview`: the Overview and Models pages' queries on the simulator's default fleet (50 agents,
// 14 days, 300 jobs a day), next to baselines measured in the same run: a bare count of the project's jobs, and
// the raw event scan the rollups avoid (spend by model summed from the job.usage events).
import { and, eq, gte, sql } from "drizzle-orm";
import { event, job } from "@/db/schema";
import { countJobs } from "@/lib/jobs/queries";
import { collectMetrics } from "@/lib/metrics/queries";
import { compareSides } from "@/lib/models/compare";
import { getModelFacets, getModelMatrix } from "@/lib/models/queries";
import { getOverview } from "@/lib/overview/queries";
import { type RangePreset, resolveRange } from "@/lib/range/range";
import { loadFleet } from "./lib/fleet";
import { timePages } from "./lib/pages";
import { benchDatabase, median } from "./lib/server";

const RUNS = 20;
const db = await benchDatabase("overview");
try {
  const { handle } = db;
  const { project } = await loadFleet(handle);
  const projectId = project.id;
  await handle.db.execute(sql`analyze`);

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
  const range = (p: RangePreset) => resolveRange({ range: p });
  // what app/(console)/page.tsx runs for a range
  const overviewPage = (p: RangePreset) => async () => {
    await countJobs({ db: handle.db, projectId });
    await getOverview({ db: handle.db, projectId, range: range(p) });
  };
  // what app/(console)/models/page.tsx runs for a range (with a comparison of the two busiest models)
  const week = range("7d");
  const busiest = (await getModelMatrix({ db: handle.db, projectId, range: week })).models;
  const compare = { dimension: "model" as const, a: busiest[0] ?? "", b: busiest[1] ?? "", match: "repo" };
  const modelsPage = (p: RangePreset, withCompare: boolean) => async () => {
    const r = range(p);
    await Promise.all([
      getModelFacets({ db: handle.db, projectId, range: r }),
      getModelMatrix({ db: handle.db, projectId, range: r }),
      withCompare ? compareSides({ db: handle.db, projectId, range: r, query: compare }) : null,
    ]);
  };

  const bare = await time(() =>
    handle.db.select({ n: sql`count(*)` }).from(job).where(eq(job.projectId, projectId)),
  );
  const rawSpend = (p: RangePreset) => () =>
    handle.db
      .select({
        model: sql`${event.data} ->> 'model'`,
        cost: sql`sum((${event.data} ->> 'cost_usd')::numeric)`,
      })
      .from(event)
      .where(and(eq(event.projectId, projectId), eq(event.type, "job.usage"), gte(event.time, range(p).from)))
      .groupBy(sql`1`);
  const raw7 = await time(rawSpend("7d"));
  const raw30 = await time(rawSpend("30d"));

  const rows: [string, number][] = [
    ["Overview page, 24h", await time(overviewPage("24h"))],
    ["Overview page, 7d", await time(overviewPage("7d"))],
    ["Overview page, 30d", await time(overviewPage("30d"))],
    ["Models page, 7d", await time(modelsPage("7d", false))],
    ["Models page, 30d", await time(modelsPage("30d", false))],
    [`Models page, 7d + compare ${compare.a} vs ${compare.b}`, await time(modelsPage("7d", true))],
    ["GET /api/metrics (all time)", await time(() => collectMetrics({ db: handle.db, projectId }))],
  ];
  console.log(`\nmedian of ${RUNS} runs, server-side query time`);
  for (const [label, ms] of rows) {
    console.log(
      `  ${label.padEnd(58)} ${ms.toFixed(1).padStart(7)} ms   ${(ms / bare).toFixed(1)}x the bare count`,
    );
  }
  console.log("baselines (same run)");
  console.log(`  ${"bare count(*) of the project's jobs".padEnd(58)} ${bare.toFixed(1).padStart(7)} ms`);
  console.log(`  ${"raw event scan: spend by model, 7d".padEnd(58)} ${raw7.toFixed(1).padStart(7)} ms`);
  console.log(`  ${"raw event scan: spend by model, 30d".padEnd(58)} ${raw30.toFixed(1).padStart(7)} ms`);
  const ov7 = rows[1]?.[1] ?? Number.NaN;
  console.log(
    `the whole 7d Overview (headline, 3 series, needs attention) takes ${(ov7 / raw7).toFixed(2)}x the time of the raw scan for its spend series alone`,
  );
  console.log("\npages over HTTP (production server, signed-in session, whole server-rendered response)");
  for (const p of await timePages(db.url, "fleet", [
    "/?range=24h",
    "/?range=7d",
    "/models?range=7d",
    "/models?range=30d",
  ])) {
    console.log(
      `  GET ${p.path.padEnd(54)} ${p.ms.toFixed(1).padStart(7)} ms   median of 15 (${p.bytes} bytes)`,
    );
  }
} finally {
  await db.stop();
}
