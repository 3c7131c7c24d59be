// Shared by the incidents and alert-rule routes: who acts (a session user with the triage role, or a key) as an
// audit actor, and the role check a session needs on top of apiRoute's scope check for keys.
import type { Db } from "@/db/client";
import type { AuditActor } from "@/lib/audit/record";
import { can } from "@/lib/auth/roles";
import { forbidden } from "@/lib/http/errors";
import type { RouteContext } from "@/lib/http/route";

/** A session must have the triage role (members and up); keys were checked for their scope by apiRoute. */
export function requireTriageRole(ctx: Pick<RouteContext<unknown>, "user">): void {
  if (ctx.user && !can(ctx.user.role, "triage")) {
    throw forbidden("Your role can only read. Ask an admin for the member role to act on alerts.");
  }
}

/** Who acts, as apiRoute resolved it once for the request (a session user, or a key with its name). */
export async function routeActor(_db: Db, ctx: Pick<RouteContext<unknown>, "actor">): Promise<AuditActor> {
  return ctx.actor;
}
