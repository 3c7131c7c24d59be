import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/audit/record";
import { deleteRule, getRule, ruleAuditEntry, updateRule } from "@/lib/failures/rule-queries";
import { rulePatchSchema } from "@/lib/failures/rule-schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Changes a rule's fields (enabled, priority, conditions...) or moves it up or down the order. */
export const PATCH = apiRoute({
  access: "triage",
  body: rulePatchSchema,
  handler: async ({ db, projectId, params, actor, body }) => {
    const id = params.id ?? "";
    const rule = await db.transaction(async (tx) => {
      const before = await getRule({ db: tx, projectId, id });
      const after = await updateRule({ db: tx, projectId, id, patch: body });
      await recordAudit(tx, actor, ruleAuditEntry("rule.update", projectId, before, after));
      return after;
    });
    return NextResponse.json(rule);
  },
});

export const DELETE = apiRoute({
  access: "triage",
  handler: async ({ db, projectId, params, actor }) => {
    const id = params.id ?? "";
    await db.transaction(async (tx) => {
      const before = await getRule({ db: tx, projectId, id });
      await deleteRule({ db: tx, projectId, id });
      await recordAudit(tx, actor, ruleAuditEntry("rule.delete", projectId, before, null));
    });
    return new NextResponse(null, { status: 204 });
  },
});
