// Loads the simulator's default fleet (50 agents, 14 days, 300 jobs a day) through the real write path.
import { eq, sql } from "drizzle-orm";
import { type DbHandle, openDatabase } from "@/db/client";
import { project as projectTable } from "@/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { ensureProject } from "@/lib/projects/queries";
import { generateFleet } from "@/lib/simulator";
import { benchDatabase } from "./server";

export async function loadFleet(handle: DbHandle, slug = "fleet", now = Date.now()) {
  const project = await ensureProject({ db: handle.db, slug });
  const t0 = performance.now();
  let batch: object[] = [];
  let events = 0;
  const flush = async () => {
    await ingestBatch({ db: handle.db, projectId: project.id, apiKeyId: null, rawEvents: batch });
    events += batch.length;
    batch = [];
  };
  for (const e of generateFleet({ agents: 50, days: 14, jobsPerDay: 300, seed: 1, now })) {
    batch.push(e);
    if (batch.length === 1000) await flush();
  }
  await flush();
  const seconds = (performance.now() - t0) / 1000;
  console.log(`loaded ${events} events of the simulated fleet in ${seconds.toFixed(1)} s`);
  return { project, events, seconds };
}

/**
 * The default fleet in database `fleetwatch_<name>`: loaded afresh, or with BENCH_REUSE=1 (and
 * BENCH_DATABASE_URL) the one a previous run left there, since loading takes minutes on a small machine.
 */
export async function fleetDatabase(name: string) {
  const reuse = process.env.BENCH_REUSE === "1" && process.env.BENCH_DATABASE_URL;
  if (reuse) {
    const u = new URL(process.env.BENCH_DATABASE_URL as string);
    u.pathname = `/fleetwatch_${name}`;
    const url = u.toString();
    try {
      const handle = await openDatabase({ url });
      const [project] = await handle.db.select().from(projectTable).where(eq(projectTable.slug, "fleet"));
      if (project) {
        console.log(`reusing the fleet loaded in ${u.pathname.slice(1)} (BENCH_REUSE=1)`);
        return { url, handle, project, stop: () => handle.close() };
      }
      await handle.close();
    } catch {}
  }
  const db = await benchDatabase(name);
  const { project } = await loadFleet(db.handle);
  await db.handle.db.execute(sql`analyze`);
  return { ...db, project };
}
