// Retention in this app instance: at boot and hourly (lib/background/loop.ts). Every instance ticks; the run's
// advisory lock lets one do the work (lib/retention/run.ts).
import { getDb } from "@/db/client";
import { startLoop } from "@/lib/background/loop";
import { logger } from "@/lib/logger";
import { runRetention } from "./run";

const HOUR = 3_600_000;

async function tick() {
  const r = await runRetention(await getDb());
  if (!r) return; // another instance runs it
  const removed = r.projects.filter(
    (p) => p.days.length + p.jobs + p.failureIssues + p.usageHourly + p.jobUsage > 0,
  );
  if (removed.length > 0) logger.info({ projects: removed, ms: r.ms }, "retention removed old data");
}

export function startRetentionLoop(intervalMs = HOUR): () => void {
  const stop = startLoop("retentionLoop", intervalMs, tick);
  // at boot too, not an hour later (startLoop's tick runs on the interval only)
  setTimeout(
    () => void tick().catch((err) => logger.error({ err }, "retention at boot failed")),
    5_000,
  ).unref();
  return stop;
}
