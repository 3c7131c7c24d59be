import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/audit/record";
import { createRule, listRules, ruleAuditEntry } from "@/lib/failures/rule-queries";
import { ruleBodySchema } from "@/lib/failures/rule-schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The project's classification rules, and the built-in ones (built_in: true, read-only). */
export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId }) => NextResponse.json(await listRules({ db, projectId })),
});

/** Adds a rule to the project (by default before every other rule). */
export const POST = apiRoute({
  access: "triage",
  body: ruleBodySchema,
  handler: async ({ db, projectId, actor, body }) => {
    const rule = await db.transaction(async (tx) => {
      const created = await createRule({ db: tx, projectId, body });
      await recordAudit(tx, actor, ruleAuditEntry("rule.create", projectId, null, created));
      return created;
    });
    return NextResponse.json(rule, { status: 201 });
  },
});
