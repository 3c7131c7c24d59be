// Marking a stalled job abandoned: a person (member and up) or a key with the triage scope ends a running job
// that has gone silent, as cancelled with a reason. The job is closed the way imports close sessions that never
// ended (closeUnended): a job.cancelled event through the shared write path, at the job's last event's time, so
// the transcript and the events show it and the job's duration and the agent's liveness are left as the runner
// made them. The audit entry commits in the same transaction.
//
// A late event for an abandoned job: one that does not end a job (message, tool call, usage, log) is stored
// and the job stays cancelled (an ended job never goes back to running). A job.completed or job.failed timed
// after the job's last event is the runner saying how the job really ended: the latest terminal event decides
// the outcome, as for every job, and the abandonment stays in the transcript and the audit log.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { event, job } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { closeUnended } from "@/lib/importers";
import { parseEvent } from "@/lib/ingest/protocol";
import { sanitizeEvent } from "@/lib/ingest/redact";
import { storeEvents } from "@/lib/ingest/store";
import { getProjectSettings } from "@/lib/projects/queries";
import { abandonReason, defaultAbandonNote } from "./abandon-reason";
import { jobMatch, toJobSummary } from "./queries";
import type { AbandonInput, JobSummary } from "./schemas";

export type AbandonResult =
  | { ok: true; job: JobSummary; reason: string; event_id: string }
  | { ok: false; status: 404 | 409; error: string };

const MINUTE = 60_000;

export async function abandonJob({
  db,
  projectId,
  id,
  actor,
  apiKeyId = null,
  input,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  /** Fleetwatch's job id or the runner's job id. */
  id: string;
  actor: AuditActor;
  apiKeyId?: string | null;
  input: AbandonInput;
  now?: Date;
}): Promise<AbandonResult> {
  if (!id || id.length > 512 || id.includes("\u0000")) {
    return { ok: false, status: 404, error: "No such job in this project." };
  }
  const { stallAfterSeconds } = await getProjectSettings({ db, projectId });
  return db.transaction(async (tx) => {
    // The row lock serialises two people abandoning (or a runner ending) the same job at once.
    const [row] = await tx
      .select()
      .from(job)
      .where(and(eq(job.projectId, projectId), jobMatch(id)))
      .limit(1)
      .for("update");
    if (!row) return { ok: false, status: 404, error: `No job "${id}" in this project.` };
    const label = row.title ?? row.externalId;
    if (row.status !== "running") {
      return {
        ok: false,
        status: 409,
        error: `"${label}" is ${row.status}: only a running job that has stalled can be marked abandoned.`,
      };
    }
    const quietMs = now.getTime() - row.lastEventAt.getTime();
    if (quietMs <= stallAfterSeconds * 1000) {
      return {
        ok: false,
        status: 409,
        error: `"${label}" is not stalled: its last event was ${Math.floor(quietMs / MINUTE)} min ago (stalled after ${stallAfterSeconds / 60} min without an event).`,
      };
    }
    const [last] = await tx
      .select()
      .from(event)
      .where(and(eq(event.projectId, projectId), eq(event.jobExternalId, row.externalId)))
      .orderBy(desc(event.time), sql`${event.seq} desc nulls last`, desc(event.id))
      .limit(1);
    if (!last) return { ok: false, status: 409, error: `"${label}" has no event to close it after.` };

    const reason = abandonReason(actor.label, input.note ?? defaultAbandonNote(quietMs));
    const [closing] = closeUnended(
      [
        {
          id: last.id,
          type: last.type,
          time: last.time.toISOString(),
          job: row.externalId,
          ...(row.agentName ? { agent: row.agentName } : {}),
          data: {},
        },
      ],
      now,
      { idSuffix: "abandoned", data: { reason, abandoned_by: actor.label } },
    );
    const parsed = closing ? parseEvent(closing, now) : null;
    if (!parsed?.ok) {
      return {
        ok: false,
        status: 409,
        error: `"${label}" could not be closed: ${parsed?.error ?? "no event"}.`,
      };
    }
    // live: false, as for imports: a person closing a job says nothing about whether its agent is alive.
    const stored = await storeEvents({
      db: tx,
      projectId,
      apiKeyId,
      events: [sanitizeEvent(parsed.event).event],
      live: false,
    });
    if (!stored.insertedIds.has(parsed.event.id)) {
      return { ok: false, status: 409, error: `"${label}" was already marked abandoned.` };
    }
    await recordAudit(tx, actor, {
      action: "job.abandon",
      objectType: "job",
      objectId: row.id,
      objectLabel: label,
      projectId,
      before: { status: "running", last_event_at: row.lastEventAt.toISOString() },
      after: { status: "cancelled", reason },
    });
    const [after] = await tx.select().from(job).where(eq(job.id, row.id));
    return {
      ok: true,
      job: toJobSummary(after ?? row, stallAfterSeconds, now.getTime()),
      reason,
      event_id: parsed.event.id,
    };
  });
}
