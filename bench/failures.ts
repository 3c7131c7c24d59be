// `npm run bench:failures`: the Failures page's queries on the simulator's default fleet (50 agents, 14 days,
// 300 jobs a day), next to a bare SELECT of the issue rows the page lists, in the same run.
import { and, desc, eq } from "drizzle-orm";
import { failureIssue } from "@/db/schema";
import { classBreakdown, failuresOverTime } from "@/lib/failures/class-queries";
import { listIssues, listUsers, resolveFailuresRange } from "@/lib/failures/queries";
import { ingestBatch } from "@/lib/ingest/ingest";
import { getJobFacets } from "@/lib/jobs/queries";
import { ensureProject } from "@/lib/projects/queries";
import { generateFleet } from "@/lib/simulator";
import { benchDatabase, median } from "./lib/server";

const RUNS = 20;
const db = await benchDatabase("failures");
try {
  const { handle } = db;
  const project = await ensureProject({ db: handle.db, slug: "fleet" });
  const t0 = performance.now();
  let batch: object[] = [];
  let events = 0;
  for (const e of generateFleet({ agents: 50, days: 14, jobsPerDay: 300, seed: 1, now: Date.now() })) {
    batch.push(e);
    if (batch.length === 1000) {
      await ingestBatch({ db: handle.db, projectId: project.id, apiKeyId: null, rawEvents: batch });
      events += batch.length;
      batch = [];
    }
  }
  await ingestBatch({ db: handle.db, projectId: project.id, apiKeyId: null, rawEvents: batch });
  events += batch.length;
  console.log(
    `loaded ${events} events of the simulated fleet in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const time = async (fn: () => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      xs.push(performance.now() - s);
    }
    return median(xs);
  };
  const filters = { state: "open" as const, range: "7d" as const, sort: "last_seen" as const, limit: 100 };
  const bounds = resolveFailuresRange({ range: "7d" });
  // the chart and breakdown follow the list's filters (the page's default: open issues)
  const charts = (q?: string) =>
    Promise.all([
      classBreakdown({ db: handle.db, projectId: project.id, bounds, filters: { ...filters, q } }),
      failuresOverTime({ db: handle.db, projectId: project.id, bounds, filters: { ...filters, q } }),
    ]);
  const page = await time(() =>
    Promise.all([
      listIssues({ db: handle.db, projectId: project.id, filters }),
      charts(),
      getJobFacets({ db: handle.db, projectId: project.id }),
      listUsers({ db: handle.db }),
    ]),
  );
  const unfiltered = await time(() =>
    Promise.all([
      classBreakdown({ db: handle.db, projectId: project.id, bounds }),
      failuresOverTime({ db: handle.db, projectId: project.id, bounds }),
    ]),
  );
  const filtered = await time(() => charts());
  const searched = await time(() =>
    Promise.all([
      listIssues({
        db: handle.db,
        projectId: project.id,
        filters: { ...filters, q: '"timed out" -class:rate_limit' },
      }),
      charts('"timed out" -class:rate_limit'),
    ]),
  );
  const list = await time(() => listIssues({ db: handle.db, projectId: project.id, filters }));
  const bare = await time(() =>
    handle.db
      .select()
      .from(failureIssue)
      .where(and(eq(failureIssue.projectId, project.id)))
      .orderBy(desc(failureIssue.lastSeenAt))
      .limit(100),
  );
  const issues = await listIssues({
    db: handle.db,
    projectId: project.id,
    filters: { ...filters, state: undefined, range: "all" },
  });
  console.log(`issues: ${issues.length} listed (all states)`);
  console.log(`Failures page queries (7 days) : ${page.toFixed(1)} ms median of ${RUNS}`);
  console.log(`  issue list alone             : ${list.toFixed(1)} ms`);
  console.log(
    `  chart + breakdown, open issues: ${filtered.toFixed(1)} ms, unfiltered ${unfiltered.toFixed(1)} ms   ratio ${(filtered / unfiltered).toFixed(1)}x`,
  );
  console.log(`  list + charts with a search   : ${searched.toFixed(1)} ms`);
  console.log(`  bare SELECT of the issue rows: ${bare.toFixed(1)} ms   ratio ${(list / bare).toFixed(1)}x`);
} finally {
  await db.stop();
}
