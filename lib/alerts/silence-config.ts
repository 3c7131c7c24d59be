// Silences of a project: list (with whether each mutes right now), create (one-off or recurring), delete.
// The rule a matcher names must be the project's; a recurring cron is parsed by croner in the project's zone.

import { Cron } from "croner";
import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { alertRule, project, silence } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { badRequest, notFound } from "@/lib/http/errors";
import { cronProblem, type SilenceInput, type SilenceView, silenceInputSchema } from "./config-schemas";

type SilenceRow = typeof silence.$inferSelect;

/** Mutes at `now`: inside [startsAt, endsAt), and for a recurring one within durationMinutes of its last occurrence. */
export function silenceActive(s: SilenceRow, timezone: string, now: Date): boolean {
  if (s.startsAt > now || (s.endsAt && s.endsAt <= now)) return false;
  if (!s.cron) return true;
  try {
    const [last] = new Cron(s.cron, { paused: true, timezone }).previousRuns(1, now);
    return !!last && last >= s.startsAt && now.getTime() - last.getTime() < (s.durationMinutes ?? 0) * 60_000;
  } catch {
    return false;
  }
}

function view(s: SilenceRow, timezone: string, now: Date): SilenceView {
  return {
    id: s.id,
    matchers: s.matchers as SilenceView["matchers"],
    reason: s.reason,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt?.toISOString() ?? null,
    cron: s.cron,
    durationMinutes: s.durationMinutes,
    active: silenceActive(s, timezone, now),
    createdAt: s.createdAt.toISOString(),
  };
}

async function projectZone(db: DbOrTx, projectId: string) {
  const [p] = await db.select({ timezone: project.timezone }).from(project).where(eq(project.id, projectId));
  return p?.timezone ?? "UTC";
}

export async function listSilences({
  db,
  projectId,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  now?: Date;
}) {
  const [zone, rows] = await Promise.all([
    projectZone(db, projectId),
    db.select().from(silence).where(eq(silence.projectId, projectId)).orderBy(desc(silence.createdAt)),
  ]);
  return rows.map((s) => view(s, zone, now));
}

const shape = (v: SilenceView) => {
  const { id: _i, active: _a, createdAt: _c, ...rest } = v;
  return rest;
};

export async function createSilence(params: {
  db: Db;
  projectId: string;
  input: SilenceInput;
  actor: AuditActor;
  createdBy: string | null;
}) {
  const { db, projectId, input, actor } = params;
  return db.transaction(async (tx) => {
    const zone = await projectZone(tx, projectId);
    if (input.matchers.ruleId) {
      const [rule] = await tx
        .select({ id: alertRule.id })
        .from(alertRule)
        .where(and(eq(alertRule.projectId, projectId), eq(alertRule.id, input.matchers.ruleId)));
      if (!rule) {
        const message = `No alert rule ${input.matchers.ruleId} in this project`;
        throw badRequest(message, [{ code: "custom", path: ["matchers", "ruleId"], message }]);
      }
    }
    // the schema checked the cron in UTC; a zone can only matter for DST gaps, so check it where it runs
    const problem = input.cron ? cronProblem(input.cron, zone) : null;
    if (problem) throw badRequest(problem, [{ code: "custom", path: ["cron"], message: problem }]);
    const [row] = await tx
      .insert(silence)
      .values({
        projectId,
        matchers: input.matchers,
        reason: input.reason || null,
        startsAt: input.startsAt ? new Date(input.startsAt) : new Date(),
        endsAt: input.endsAt ? new Date(input.endsAt) : null,
        cron: input.cron ?? null,
        durationMinutes: input.durationMinutes ?? null,
        createdBy: params.createdBy,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const created = view(row, zone, new Date());
    await recordAudit(tx, actor, {
      action: "silence.create",
      objectType: "silence",
      objectId: row.id,
      objectLabel: row.reason,
      projectId,
      after: shape(created),
    });
    return created;
  });
}

export async function deleteSilence(params: { db: Db; projectId: string; id: string; actor: AuditActor }) {
  const { db, projectId, id, actor } = params;
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(silence)
      .where(and(eq(silence.projectId, projectId), eq(silence.id, id)))
      .for("update");
    if (!row) throw notFound(`No silence ${id} in this project.`);
    await tx.delete(silence).where(eq(silence.id, id));
    await recordAudit(tx, actor, {
      action: "silence.delete",
      objectType: "silence",
      objectId: id,
      objectLabel: row.reason,
      projectId,
      before: shape(view(row, "UTC", new Date())),
    });
  });
}

/**
 * Changes a silence (end it early, extend it, change its schedule): the stored silence with the patch applied is
 * validated whole, like a new one, so a patch cannot leave a one-off without an end or a cron without a duration.
 */
export async function updateSilence(params: {
  db: Db;
  projectId: string;
  id: string;
  patch: Record<string, unknown>;
  actor: AuditActor;
}) {
  const { db, projectId, id, patch, actor } = params;
  return db.transaction(async (tx) => {
    const zone = await projectZone(tx, projectId);
    const [row] = await tx
      .select()
      .from(silence)
      .where(and(eq(silence.projectId, projectId), eq(silence.id, id)))
      .for("update");
    if (!row) throw notFound(`No silence ${id} in this project.`);
    const stored = {
      matchers: row.matchers,
      reason: row.reason ?? undefined,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt?.toISOString(),
      cron: row.cron ?? undefined,
      durationMinutes: row.durationMinutes ?? undefined,
    };
    const merged = silenceInputSchema.safeParse(
      Object.fromEntries(Object.entries({ ...stored, ...patch }).filter(([, v]) => v !== null)),
    );
    if (!merged.success) {
      throw badRequest(merged.error.issues[0]?.message ?? "Invalid silence", merged.error.issues);
    }
    const input = merged.data;
    const problem = input.cron ? cronProblem(input.cron, zone) : null;
    if (problem) throw badRequest(problem, [{ code: "custom", path: ["cron"], message: problem }]);
    const [updated] = await tx
      .update(silence)
      .set({
        matchers: input.matchers,
        reason: input.reason || null,
        startsAt: input.startsAt ? new Date(input.startsAt) : row.startsAt,
        endsAt: input.endsAt ? new Date(input.endsAt) : null,
        cron: input.cron ?? null,
        durationMinutes: input.durationMinutes ?? null,
      })
      .where(eq(silence.id, id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    const now = new Date();
    const after = view(updated, zone, now);
    await recordAudit(tx, actor, {
      action: "silence.update",
      objectType: "silence",
      objectId: id,
      objectLabel: updated.reason,
      projectId,
      before: shape(view(row, zone, now)),
      after: shape(after),
    });
    return after;
  });
}
