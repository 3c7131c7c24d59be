// What the job page and the transcript API say when retention removed a job's transcript (whole or its start):
// the job row outlives its raw events (jobs are kept longer), so an empty transcript must not look like a job
// that never said anything.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import type { TranscriptRemoved } from "./schemas";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Whether (and how much of) the job's transcript retention removed; null when nothing was. */
export async function transcriptRemoved({
  db,
  projectId,
  jobId,
}: {
  db: DbOrTx;
  projectId: string;
  jobId: string;
}): Promise<TranscriptRemoved> {
  const [row] = rowsOf<{
    first: string | Date;
    last: string | Date;
    before: string | Date | null;
    at: string | Date | null;
    raw: number;
    jobs: number;
    status: string;
  }>(
    await db.execute(sql`
      select j.first_event_at as first, j.last_event_at as last, p.raw_events_removed_before as before,
             p.raw_events_removed_at as at, p.raw_retention_days as raw, p.job_retention_days as jobs,
             j.status
      from job j join project p on p.id = j.project_id
      where j.project_id = ${projectId} and j.id = ${jobId}`),
  );
  if (!row?.before || new Date(row.first) >= new Date(row.before)) return null;
  const before = new Date(row.before);
  const at = row.at ? new Date(row.at) : null;
  const whole = new Date(row.last) < before;
  const when = at ? ` on ${day(at)}` : "";
  const why = `by the project's ${row.raw}-day retention of raw events`;
  const stay =
    row.status === "failed"
      ? `The job, its costs and its failure stay for ${row.jobs} days.`
      : `The job and its costs stay for ${row.jobs} days.`;
  return {
    whole,
    before: before.toISOString(),
    removed_at: at?.toISOString() ?? null,
    raw_retention_days: row.raw,
    job_retention_days: row.jobs,
    message: whole
      ? `The transcript of this job was removed${when} ${why}. ${stay}`
      : `The start of this transcript (before ${day(before)}) was removed${when} ${why}. ${stay}`,
  };
}
