import { NextResponse } from "next/server";
import { authorizeConfig } from "@/lib/alerts/access";
import { createAlertRule, listAlertRules } from "@/lib/alerts/rule-config";
import { type AlertRuleInput, alertRuleInputSchema } from "@/lib/alerts/rule-schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The project's alert rules, by name. */
export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId }) => NextResponse.json({ rules: await listAlertRules({ db, projectId }) }),
});

/** Adds a rule (members and up, or a key with the config scope). */
export const POST = apiRoute({
  access: "config",
  body: alertRuleInputSchema,
  handler: async (ctx) => {
    const actor = await authorizeConfig(ctx, "triage");
    const rule = await createAlertRule({
      db: ctx.db,
      projectId: ctx.projectId,
      rule: ctx.body as AlertRuleInput,
      actor,
      createdBy: ctx.user?.id ?? null,
    });
    return NextResponse.json(rule, { status: 201 });
  },
});
