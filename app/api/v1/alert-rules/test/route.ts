import { NextResponse } from "next/server";
import { backtestRule } from "@/lib/alerts/backtest";
import { requireTriageRole } from "@/lib/alerts/route-helpers";
import { type AlertRuleInput, alertRuleInputSchema } from "@/lib/alerts/rule-schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The incidents a rule (the editor's JSON, not saved) would have opened over the last 7 days. */
export const POST = apiRoute({
  access: "config",
  body: alertRuleInputSchema,
  handler: async (ctx) => {
    requireTriageRole(ctx);
    const rule = ctx.body as unknown as AlertRuleInput;
    return NextResponse.json(await backtestRule(ctx.db, ctx.projectId, rule, { now: new Date(), days: 7 }));
  },
});
