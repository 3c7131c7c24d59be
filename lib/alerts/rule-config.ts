// Alert rules of a project: list, read, create, patch, delete. Every change runs in one transaction with its
// audit entry and with the checks that its destinations and escalation policy belong to the project.
import { and, asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { alertRule } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { notFound } from "@/lib/http/errors";
import type { AlertRulePatch, AlertRuleView } from "./config-schemas";
import { assertDestinations, assertPolicy } from "./refs";
import { type AlertRuleInput, alertRuleInputSchema } from "./rule-schemas";

type RuleRow = typeof alertRule.$inferSelect;

export function ruleView(r: RuleRow): AlertRuleView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    params: (r.params ?? {}) as Record<string, unknown>,
    filters: (r.filters ?? {}) as AlertRuleView["filters"],
    groupBy: r.groupBy as AlertRuleView["groupBy"],
    severity: r.severity,
    escalationPolicyId: r.escalationPolicyId,
    destinationIds: r.destinationIds,
    resolveAfterSeconds: r.resolveAfterSeconds,
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    lastEvaluatedAt: r.lastEvaluatedAt?.toISOString() ?? null,
  };
}

/** What the audit log keeps of a rule (its whole definition; rules hold no secret). */
function auditShape(r: AlertRuleView) {
  const { createdAt: _c, updatedAt: _u, lastEvaluatedAt: _l, ...rest } = r;
  return rest;
}

export async function listAlertRules({ db, projectId }: { db: DbOrTx; projectId: string }) {
  const rows = await db
    .select()
    .from(alertRule)
    .where(eq(alertRule.projectId, projectId))
    .orderBy(asc(alertRule.name), asc(alertRule.id));
  return rows.map(ruleView);
}

async function findRule(db: DbOrTx, projectId: string, id: string, lock = false) {
  const query = db
    .select()
    .from(alertRule)
    .where(and(eq(alertRule.projectId, projectId), eq(alertRule.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound(`No alert rule ${id} in this project.`);
  return row;
}

export async function getAlertRule({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  return ruleView(await findRule(db, projectId, id));
}

async function assertRefs(db: DbOrTx, projectId: string, rule: AlertRuleInput) {
  await assertDestinations(db, projectId, rule.destinationIds, ["destinationIds"]);
  await assertPolicy(db, projectId, rule.escalationPolicyId);
}

function columns(rule: AlertRuleInput) {
  return {
    name: rule.name,
    kind: rule.kind,
    params: rule.params,
    filters: rule.filters,
    groupBy: rule.groupBy,
    severity: rule.severity,
    escalationPolicyId: rule.escalationPolicyId,
    destinationIds: [...new Set(rule.destinationIds)],
    resolveAfterSeconds: rule.resolveAfterSeconds,
    enabled: rule.enabled,
  };
}

export async function createAlertRule(params: {
  db: Db;
  projectId: string;
  rule: AlertRuleInput;
  actor: AuditActor;
  createdBy: string | null;
}): Promise<AlertRuleView> {
  const { db, projectId, rule, actor } = params;
  return db.transaction(async (tx) => {
    await assertRefs(tx, projectId, rule);
    const [row] = await tx
      .insert(alertRule)
      .values({ projectId, ...columns(rule), createdBy: params.createdBy })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const view = ruleView(row);
    await recordAudit(tx, actor, {
      action: "alert_rule.create",
      objectType: "alert_rule",
      objectId: row.id,
      objectLabel: row.name,
      projectId,
      after: auditShape(view),
    });
    return view;
  });
}

/** Merges the patch into the stored rule and validates the result like a new rule (kind and params together). */
export async function updateAlertRule(params: {
  db: Db;
  projectId: string;
  id: string;
  patch: AlertRulePatch;
  actor: AuditActor;
}): Promise<AlertRuleView> {
  const { db, projectId, id, patch, actor } = params;
  return db.transaction(async (tx) => {
    const before = ruleView(await findRule(tx, projectId, id, true));
    const { id: _id, createdAt: _c, updatedAt: _u, lastEvaluatedAt: _l, ...stored } = before;
    // a new kind without params starts from empty params: the kind's schema then says what it needs
    const merged = {
      ...stored,
      ...patch,
      params: patch.params ?? (patch.kind && patch.kind !== before.kind ? {} : stored.params),
    };
    const rule = alertRuleInputSchema.parse(merged) as AlertRuleInput;
    await assertRefs(tx, projectId, rule);
    const [row] = await tx
      .update(alertRule)
      .set({ ...columns(rule), updatedAt: new Date() })
      .where(eq(alertRule.id, id))
      .returning();
    if (!row) throw new Error("update returned no row");
    const after = ruleView(row);
    await recordAudit(tx, actor, {
      action: "alert_rule.update",
      objectType: "alert_rule",
      objectId: id,
      objectLabel: row.name,
      projectId,
      before: auditShape(before),
      after: auditShape(after),
    });
    return after;
  });
}

/** Deletes the rule; its incidents go with it (cascade), which the audit entry's before keeps a trace of. */
export async function deleteAlertRule(params: { db: Db; projectId: string; id: string; actor: AuditActor }) {
  const { db, projectId, id, actor } = params;
  await db.transaction(async (tx) => {
    const before = ruleView(await findRule(tx, projectId, id, true));
    await tx.delete(alertRule).where(eq(alertRule.id, id));
    await recordAudit(tx, actor, {
      action: "alert_rule.delete",
      objectType: "alert_rule",
      objectId: id,
      objectLabel: before.name,
      projectId,
      before: auditShape(before),
    });
  });
}
