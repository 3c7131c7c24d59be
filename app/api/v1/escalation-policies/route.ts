import { NextResponse } from "next/server";
import { authorizeConfig } from "@/lib/alerts/access";
import { escalationPolicyInputSchema } from "@/lib/alerts/config-schemas";
import { createEscalationPolicy, listEscalationPolicies } from "@/lib/alerts/escalation-config";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  access: "read",
  handler: async ({ db, projectId }) =>
    NextResponse.json({ policies: await listEscalationPolicies({ db, projectId }) }),
});

/** Adds a policy (admins, or a key with the config scope). */
export const POST = apiRoute({
  access: "admin",
  body: escalationPolicyInputSchema,
  handler: async (ctx) => {
    const actor = await authorizeConfig(ctx, "admin");
    const policy = await createEscalationPolicy({
      db: ctx.db,
      projectId: ctx.projectId,
      input: ctx.body,
      actor,
    });
    return NextResponse.json(policy, { status: 201 });
  },
});
