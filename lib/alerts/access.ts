// Who may change the alerting configuration through the API, and as whom the audit log records it. apiRoute
// authenticates (a session, or a key with the "config" scope); the session's role is checked here.

import type { AuditActor } from "@/lib/audit/record";
import { type Capability, can } from "@/lib/auth/roles";
import { forbidden, notFound } from "@/lib/http/errors";
import type { RouteContext } from "@/lib/http/route";

/**
 * "triage" (members and up): alert rules and silences, the day-to-day tuning of what pages whom.
 * "admin": escalation policies, which decide who is woken up and through which destinations (themselves
 * admin-only), like webhooks. A key with the config scope (only admins create keys) may do both.
 */
export async function authorizeConfig(
  ctx: Pick<RouteContext<unknown, unknown>, "user" | "actor">,
  capability: Exclude<Capability, "read">,
): Promise<AuditActor> {
  if (ctx.user && !can(ctx.user.role, capability)) {
    throw forbidden(
      capability === "admin"
        ? "Only an admin can change escalation policies."
        : "Viewers cannot change the alerting configuration; ask a member or an admin.",
    );
  }
  // a key reached here with the config scope (apiRoute checked it); apiRoute resolved the actor once
  return ctx.actor;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route's {id}: a malformed one is simply not found (never a database error). */
export function idParam(params: Record<string, string>, what: string): string {
  const id = params.id ?? "";
  if (!UUID.test(id)) throw notFound(`No ${what} ${id.slice(0, 60)} in this project.`);
  return id;
}
