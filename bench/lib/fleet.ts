// Loads the simulator's default fleet (50 agents, 14 days, 300 jobs a day) through the real write path.
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { ensureProject } from "@/lib/projects/queries";
import { generateFleet } from "@/lib/simulator";

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
