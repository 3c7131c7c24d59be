// Changes to Settings-declared schedules, each in one transaction with its audit entry. The caller has checked
// the role (triage: lib/schedules/actions.ts); the project id is always passed in.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { schedule } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import type { ScheduleInput } from "./schemas";

type Row = typeof schedule.$inferSelect;
export type ManageResult = { ok: true; schedule: Row } | { ok: false; error: string };

const audited = (r: Row) => ({
  name: r.name,
  cron: r.cron,
  timezone: r.timezone,
  agentName: r.agentName,
  graceSeconds: r.graceSeconds,
  enabled: r.enabled,
});
const values = (input: ScheduleInput) => ({
  name: input.name,
  cron: input.cron,
  timezone: input.timezone,
  agentName: input.agentName,
  graceSeconds: input.graceMinutes === null ? null : input.graceMinutes * 60,
  enabled: input.enabled,
});
const TAKEN = "A schedule with this name exists in this project.";

export async function createSchedule(p: {
  db: Db;
  projectId: string;
  actor: AuditActor;
  userId: string | null;
  input: ScheduleInput;
}): Promise<ManageResult> {
  return p.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schedule)
      .values({ projectId: p.projectId, createdBy: p.userId, ...values(p.input) })
      .onConflictDoNothing()
      .returning();
    if (!row) return { ok: false, error: TAKEN };
    await recordAudit(tx, p.actor, {
      action: "schedule.create",
      objectType: "schedule",
      objectId: row.id,
      objectLabel: row.name,
      projectId: p.projectId,
      before: null,
      after: audited(row),
    });
    return { ok: true, schedule: row };
  });
}

export async function updateSchedule(p: {
  db: Db;
  projectId: string;
  actor: AuditActor;
  id: string;
  input: ScheduleInput;
}): Promise<ManageResult> {
  return p.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(schedule)
      .where(and(eq(schedule.id, p.id), eq(schedule.projectId, p.projectId)))
      .for("update");
    if (!before) return { ok: false, error: "This schedule no longer exists." };
    if (before.name !== p.input.name) {
      const [clash] = await tx
        .select({ id: schedule.id })
        .from(schedule)
        .where(and(eq(schedule.projectId, p.projectId), eq(schedule.name, p.input.name)));
      if (clash) return { ok: false, error: TAKEN };
    }
    const [row] = await tx
      .update(schedule)
      .set({ ...values(p.input), updatedAt: new Date() })
      .where(eq(schedule.id, before.id))
      .returning();
    if (!row) return { ok: false, error: "This schedule no longer exists." };
    await recordAudit(tx, p.actor, {
      action: "schedule.update",
      objectType: "schedule",
      objectId: row.id,
      objectLabel: row.name,
      projectId: p.projectId,
      before: audited(before),
      after: audited(row),
    });
    return { ok: true, schedule: row };
  });
}

export async function deleteSchedule(p: {
  db: Db;
  projectId: string;
  actor: AuditActor;
  id: string;
}): Promise<ManageResult> {
  return p.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(schedule)
      .where(and(eq(schedule.id, p.id), eq(schedule.projectId, p.projectId)))
      .returning();
    if (!row) return { ok: false, error: "This schedule no longer exists." };
    await recordAudit(tx, p.actor, {
      action: "schedule.delete",
      objectType: "schedule",
      objectId: row.id,
      objectLabel: row.name,
      projectId: p.projectId,
      before: audited(row),
      after: null,
    });
    return { ok: true, schedule: row };
  });
}
