// Escalation policies of a project: ordered steps (after how long, which destinations and members), repeated
// while nobody acknowledges. Each change is checked (destinations of the project, active members) and audited.
import { and, asc, count, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { alertRule, escalationPolicy } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { notFound } from "@/lib/http/errors";
import type { EscalationPolicyInput, EscalationPolicyPatch, EscalationPolicyView } from "./config-schemas";
import { assertDestinations, assertMembers } from "./refs";

type PolicyRow = typeof escalationPolicy.$inferSelect;

function view(r: PolicyRow, ruleCount: number): EscalationPolicyView {
  return {
    id: r.id,
    name: r.name,
    steps: r.steps as EscalationPolicyView["steps"],
    repeat: r.repeat,
    ruleCount,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const shape = (v: EscalationPolicyView) => ({ name: v.name, steps: v.steps, repeat: v.repeat });

export async function listEscalationPolicies({ db, projectId }: { db: DbOrTx; projectId: string }) {
  const [rows, uses] = await Promise.all([
    db
      .select()
      .from(escalationPolicy)
      .where(eq(escalationPolicy.projectId, projectId))
      .orderBy(asc(escalationPolicy.name)),
    db
      .select({ id: alertRule.escalationPolicyId, n: count() })
      .from(alertRule)
      .where(eq(alertRule.projectId, projectId))
      .groupBy(alertRule.escalationPolicyId),
  ]);
  const byPolicy = new Map(uses.map((u) => [u.id, u.n]));
  return rows.map((r) => view(r, byPolicy.get(r.id) ?? 0));
}

async function findPolicy(db: DbOrTx, projectId: string, id: string) {
  const [row] = await db
    .select()
    .from(escalationPolicy)
    .where(and(eq(escalationPolicy.projectId, projectId), eq(escalationPolicy.id, id)))
    .for("update");
  if (!row) throw notFound(`No escalation policy ${id} in this project.`);
  return row;
}

async function assertSteps(db: DbOrTx, projectId: string, steps: EscalationPolicyInput["steps"]) {
  for (const [i, step] of steps.entries()) {
    await assertDestinations(db, projectId, step.destinationIds, ["steps", i, "destinationIds"]);
    await assertMembers(db, step.memberIds, ["steps", i, "memberIds"]);
  }
}

export async function createEscalationPolicy(params: {
  db: Db;
  projectId: string;
  input: EscalationPolicyInput;
  actor: AuditActor;
}) {
  const { db, projectId, input, actor } = params;
  return db.transaction(async (tx) => {
    await assertSteps(tx, projectId, input.steps);
    const [row] = await tx
      .insert(escalationPolicy)
      .values({ projectId, ...input })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const created = view(row, 0);
    await recordAudit(tx, actor, {
      action: "escalation.create",
      objectType: "escalation_policy",
      objectId: row.id,
      objectLabel: row.name,
      projectId,
      after: shape(created),
    });
    return created;
  });
}

export async function updateEscalationPolicy(params: {
  db: Db;
  projectId: string;
  id: string;
  patch: EscalationPolicyPatch;
  actor: AuditActor;
}) {
  const { db, projectId, id, patch, actor } = params;
  return db.transaction(async (tx) => {
    const row = await findPolicy(tx, projectId, id);
    if (patch.steps) await assertSteps(tx, projectId, patch.steps);
    const [updated] = await tx
      .update(escalationPolicy)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(escalationPolicy.id, id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    const [uses] = await tx
      .select({ n: count() })
      .from(alertRule)
      .where(eq(alertRule.escalationPolicyId, id));
    const after = view(updated, uses?.n ?? 0);
    await recordAudit(tx, actor, {
      action: "escalation.update",
      objectType: "escalation_policy",
      objectId: id,
      objectLabel: updated.name,
      projectId,
      before: shape(view(row, 0)),
      after: shape(after),
    });
    return after;
  });
}

/** Rules that paged through it fall back to their own destinations (the foreign key sets them to null). */
export async function deleteEscalationPolicy(params: {
  db: Db;
  projectId: string;
  id: string;
  actor: AuditActor;
}) {
  const { db, projectId, id, actor } = params;
  await db.transaction(async (tx) => {
    const row = await findPolicy(tx, projectId, id);
    await tx.delete(escalationPolicy).where(eq(escalationPolicy.id, id));
    await recordAudit(tx, actor, {
      action: "escalation.delete",
      objectType: "escalation_policy",
      objectId: id,
      objectLabel: row.name,
      projectId,
      before: shape(view(row, 0)),
    });
  });
}
