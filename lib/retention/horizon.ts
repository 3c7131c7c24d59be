// How far back a project accepts events: its job retention. An event older than that would be removed by the
// next retention run together with whatever it made, so ingest refuses it per event (207) and says why. Read
// once a minute per project and process: the ingest path stays one statement per request.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { project } from "@/db/schema";

const TTL_MS = 60_000;
const cache = new Map<string, { days: number; at: number }>();

/** The project's job retention in days (400 when the project is unknown: its key lookup refuses it first). */
export async function jobRetentionDays(db: DbOrTx, projectId: string): Promise<number> {
  const hit = cache.get(projectId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.days;
  const [row] = await db
    .select({ days: project.jobRetentionDays })
    .from(project)
    .where(eq(project.id, projectId));
  const days = row?.days ?? 400;
  cache.set(projectId, { days, at: Date.now() });
  return days;
}

/** The refusal of an event older than the job retention. */
export const tooOldMessage = (days: number) =>
  `time: more than ${days} days ago, beyond this project's retention of jobs (${days} days): it would be ` +
  "removed at once. An admin can keep longer history in Settings > Retention.";
